import type { OrderStatus } from '../src/modules/orders';

/**
 * Sample orders, placed through the order service as their customers (ids from customer-seeds: 2 alice, 3 bob,
 * 4 carol), then walked to `status`. Shipping details go with `shipped` and `delivered`.
 */
export const orderSeeds: Array<{
  customer_id: number;
  items: Array<{ product_id: number; quantity: number }>;
  status: OrderStatus;
}> = [
  {
    customer_id: 2,
    items: [
      { product_id: 1, quantity: 2 },
      { product_id: 3, quantity: 1 },
    ],
    status: 'delivered',
  },
  { customer_id: 2, items: [{ product_id: 4, quantity: 1 }], status: 'pending' },
  { customer_id: 3, items: [{ product_id: 2, quantity: 1 }], status: 'paid' },
  { customer_id: 3, items: [{ product_id: 5, quantity: 2 }], status: 'cancelled' },
  {
    customer_id: 4,
    items: [
      { product_id: 1, quantity: 1 },
      { product_id: 5, quantity: 1 },
    ],
    status: 'shipped',
  },
];
