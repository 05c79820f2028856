import { z } from 'zod';
import { pageQuery } from '../../shared/pagination';
import { documentRoute } from '../../shared/openapi';
import { idParams } from '../../shared/validation';
import {
  cancelOrderBody,
  createOrderBody,
  customerIdParams,
  idempotencyKeyHeader,
  listOrdersQuery,
  orderSchema,
  trackingSchema,
  updateOrderStatusBody,
} from './order.schemas';

const tag = 'Orders';
const one = { params: idParams };

export function documentOrderRoutes(): void {
  documentRoute({
    method: 'post',
    path: '/api/orders',
    tag,
    summary: 'Place an order',
    description:
      'One transaction: stock is taken for every line or for none (409 INSUFFICIENT_STOCK naming the short lines). Prices and totals are computed on the server. With an Idempotency-Key, a retry with the same body answers with the first order (header Idempotent-Replayed: true), even at the pending cap; the same key with another body is a 409.\n\n' +
      'An order stays `pending` until it is paid; one left unpaid for ORDER_PAYMENT_TIMEOUT_MINUTES (default 30) is cancelled by the server and its stock put back. A customer may hold at most MAX_PENDING_ORDERS (default 3) pending orders: one more is a 409 TOO_MANY_PENDING_ORDERS and changes nothing; pay or cancel one first. An admin placing an order, for a customer (customer_id) or for itself, is exempt from the cap.',
    access: 'customer',
    headers: z.object({ 'Idempotency-Key': idempotencyKeyHeader.optional() }),
    body: createOrderBody,
    bodyExample: {
      items: [
        { product_id: 1, quantity: 2 },
        { product_id: 4, quantity: 1 },
      ],
    },
    success: {
      status: 201,
      description: 'The order (or, on a replay, the first one)',
      schema: orderSchema,
      location: true,
    },
    errors: [404, 409, 422],
  });
  documentRoute({
    method: 'get',
    path: '/api/orders',
    tag,
    summary: 'List orders, newest first',
    description: 'An admin sees every order; a customer sees its own.',
    access: 'customer',
    query: listOrdersQuery,
    success: { status: 200, description: 'One page of orders', schema: z.array(orderSchema), paged: true },
    errors: [404],
  });
  documentRoute({
    method: 'get',
    path: '/api/orders/{id}',
    tag,
    summary: 'Get an order',
    access: 'customer',
    ...one,
    success: { status: 200, description: 'The order', schema: orderSchema },
    errors: [404],
  });
  documentRoute({
    method: 'get',
    path: '/api/orders/{id}/track',
    tag,
    summary: 'Track an order: status, dates, carrier, tracking number and timeline',
    access: 'customer',
    ...one,
    success: { status: 200, description: 'The tracking view', schema: trackingSchema },
    errors: [404],
  });
  documentRoute({
    method: 'patch',
    path: '/api/orders/{id}/status',
    tag,
    summary: 'Move an order along its lifecycle',
    description:
      'pending -> paid -> shipped -> delivered; pending or paid -> cancelled (which puts the stock back). shipped needs carrier and tracking_number. Anything else is 409 INVALID_TRANSITION.',
    access: 'admin',
    ...one,
    body: updateOrderStatusBody,
    bodyExample: { status: 'shipped', carrier: 'UPS', tracking_number: '1Z999AA10123456784' },
    success: { status: 200, description: 'The order', schema: orderSchema },
    errors: [404, 409],
  });
  documentRoute({
    method: 'post',
    path: '/api/orders/{id}/cancel',
    tag,
    summary: 'Cancel a pending or paid order',
    description:
      'Puts the stock back exactly once, even when cancel requests race each other or the server expiring the unpaid order; whoever comes second gets 409 INVALID_TRANSITION.',
    access: 'customer',
    ...one,
    body: cancelOrderBody,
    bodyRequired: false,
    bodyExample: { note: 'ordered the wrong size' },
    success: { status: 200, description: 'The cancelled order', schema: orderSchema },
    errors: [404, 409],
  });
  documentRoute({
    method: 'get',
    path: '/api/orders/{customer_id}/history',
    tag,
    summary: "A customer's order history (the Flask assignment's path)",
    access: 'customer',
    params: customerIdParams,
    query: pageQuery,
    success: {
      status: 200,
      description: 'One page of orders, newest first',
      schema: z.array(orderSchema),
      paged: true,
    },
    errors: [404],
  });
  documentRoute({
    method: 'get',
    path: '/api/customers/{id}/orders',
    tag,
    summary: "A customer's order history",
    access: 'customer',
    ...one,
    query: pageQuery,
    success: {
      status: 200,
      description: 'One page of orders, newest first',
      schema: z.array(orderSchema),
      paged: true,
    },
    errors: [404],
  });
}
