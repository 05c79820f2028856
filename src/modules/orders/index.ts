/** Orders: placing (idempotent, no oversell), the status lifecycle, tracking, cancel, history, unpaid expiry. */
import type { FeatureModule } from '../../shared/feature-module';
import { orderEndpoints } from './order.routes';

export { IdempotencyKey } from './idempotency-key.model';
export { Order } from './order.model';
export { OrderItem } from './order-item.model';
export { OrderStatusEvent } from './order-status-event.model';
export { ORDER_STATUSES, needsTracking, stepsTo } from './order-status';
export type { OrderStatus } from './order-status';
export { expireUnpaidOrders, placeOrder, updateOrderStatus } from './order.service';

export const ordersModule: FeatureModule = {
  endpoints: orderEndpoints,
  tags: [{ name: 'Orders', description: 'Orders, their lifecycle, tracking and history' }],
};
