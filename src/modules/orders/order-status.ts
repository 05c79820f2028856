import { AppError } from '../../shared/errors';

/**
 * The order lifecycle, one row per status: where it may go next, and whether reaching it carries a carrier and a
 * tracking number. ORDER_STATUSES, the model's enum, the request schemas and the transition rules all read this
 * table; a new status is a row here and a migration of the two enum columns.
 */
const LIFECYCLE = {
  pending: { next: ['paid', 'cancelled'], tracked: false },
  paid: { next: ['shipped', 'cancelled'], tracked: false },
  shipped: { next: ['delivered'], tracked: true },
  delivered: { next: [], tracked: false },
  cancelled: { next: [], tracked: false },
} as const satisfies Record<string, { next: readonly string[]; tracked: boolean }>;

export type OrderStatus = keyof typeof LIFECYCLE;
export const ORDER_STATUSES = Object.keys(LIFECYCLE) as [OrderStatus, ...OrderStatus[]];

const nextOf = (status: OrderStatus): readonly OrderStatus[] => LIFECYCLE[status].next;

export const allowedTransitions = (status: OrderStatus): OrderStatus[] => [...nextOf(status)];

export const canCancel = (status: OrderStatus): boolean => nextOf(status).includes('cancelled');

/** True for the statuses that need a carrier and a tracking number (shipped). */
export const needsTracking = (status: OrderStatus): boolean => LIFECYCLE[status].tracked;

/** Pure: throws INVALID_TRANSITION (409) unless `to` may follow `from`. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  const allowed = nextOf(from);
  if (allowed.includes(to)) return;
  throw new AppError(
    'INVALID_TRANSITION',
    allowed.length === 0
      ? `The order is ${from}; its status can no longer change`
      : `An order that is ${from} can move to ${allowed.join(' or ')}, not ${to}`,
  );
}

/**
 * Pure: the steps that take a new (pending) order to `status` along the lifecycle, preferring the way forward
 * over cancelling: paid -> [paid], delivered -> [paid, shipped, delivered]. For seeding sample orders.
 */
export function stepsTo(status: OrderStatus): OrderStatus[] {
  const paths = new Map<OrderStatus, OrderStatus[]>([['pending', []]]);
  const queue: OrderStatus[] = ['pending'];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const next of nextOf(current)) {
      if (paths.has(next)) continue;
      paths.set(next, [...(paths.get(current) ?? []), next]);
      queue.push(next);
    }
  }
  const path = paths.get(status);
  if (path === undefined) throw new Error(`no order reaches ${status} from pending`);
  return path;
}
