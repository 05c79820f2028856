import { AppError } from '../../shared/errors';

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The lifecycle: pending -> paid -> shipped -> delivered; pending or paid -> cancelled. Nothing else. */
const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export const allowedTransitions = (status: OrderStatus): OrderStatus[] => [...TRANSITIONS[status]];

export const canCancel = (status: OrderStatus): boolean => TRANSITIONS[status].includes('cancelled');

/** Pure: throws INVALID_TRANSITION (409) unless `to` may follow `from`. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (TRANSITIONS[from].includes(to)) return;
  const allowed = TRANSITIONS[from];
  throw new AppError(
    'INVALID_TRANSITION',
    allowed.length === 0
      ? `The order is ${from}; its status can no longer change`
      : `An order that is ${from} can move to ${allowed.join(' or ')}, not ${to}`,
  );
}
