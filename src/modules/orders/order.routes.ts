import { z } from 'zod';
import { createOp, endpoint, itemOp, listOp, resourceEndpoints } from '../../shared/endpoint';
import { AppError } from '../../shared/errors';
import { pageQuery } from '../../shared/pagination';
import { idParams, zodIssuesToFieldErrors } from '../../shared/validation';
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
import {
  cancelOrder,
  getOrder,
  listCustomerOrders,
  listOrders,
  placeOrder,
  trackOrder,
  updateOrderStatus,
} from './order.service';

const tag = 'Orders';

function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const parsed = idempotencyKeyHeader.safeParse(header);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'VALIDATION_FAILED',
    'The Idempotency-Key header is not valid',
    zodIssuesToFieldErrors(parsed.error.issues, 'query').map((error) => ({
      ...error,
      parameter: 'Idempotency-Key',
    })),
  );
}

/** A customer's history, at two paths: REST's and the Flask assignment's. */
const historyEndpoint = (
  operationId: string,
  path: string,
  summary: string,
  params: typeof idParams | typeof customerIdParams,
) =>
  endpoint({
    operationId,
    method: 'get',
    path,
    tag,
    summary,
    access: 'customer',
    params,
    query: pageQuery,
    success: {
      status: 200,
      description: 'One page of orders, newest first',
      schema: z.array(orderSchema),
      paged: true,
    },
    errors: [404],
    handle: ({ params: found, query, actor }) =>
      listCustomerOrders(actor, 'customer_id' in found ? found.customer_id : found.id, query),
  });

export const orderEndpoints = [
  ...resourceEndpoints({ path: '/api/orders', tag, noun: ['order', 'orders'] }, [
    listOp({
      summary: 'List orders, newest first',
      description: 'An admin sees every order; a customer sees its own.',
      access: 'customer',
      query: listOrdersQuery,
      returns: orderSchema,
      errors: [404],
      handle: ({ actor, query }) => listOrders(actor, query),
    }),
    createOp({
      operationId: 'placeOrder',
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
        headers: ['Idempotent-Replayed'],
      },
      errors: [404, 409, 422],
      handle: async ({ actor, body, req, res }) => {
        const { order, replayed } = await placeOrder(
          actor,
          body,
          readIdempotencyKey(req.get('Idempotency-Key')),
        );
        if (replayed) res.set('Idempotent-Replayed', 'true');
        return order;
      },
    }),
    itemOp('get', {
      summary: 'Get an order',
      access: 'customer',
      returns: orderSchema,
      handle: ({ actor, params }) => getOrder(actor, params.id),
    }),
    itemOp(
      'get',
      {
        operationId: 'trackOrder',
        summary: 'Track an order: status, dates, carrier, tracking number and timeline',
        access: 'customer',
        success: { status: 200, description: 'The tracking view', schema: trackingSchema },
        handle: ({ actor, params }) => trackOrder(actor, params.id),
      },
      '/track',
    ),
    itemOp(
      'patch',
      {
        operationId: 'updateOrderStatus',
        summary: 'Move an order along its lifecycle',
        description:
          'pending -> paid -> shipped -> delivered; pending or paid -> cancelled (which puts the stock back). shipped needs carrier and tracking_number. Anything else is 409 INVALID_TRANSITION.',
        access: 'admin',
        body: updateOrderStatusBody,
        bodyExample: { status: 'shipped', carrier: 'UPS', tracking_number: '1Z999AA10123456784' },
        success: { status: 200, description: 'The order', schema: orderSchema },
        errors: [409],
        handle: ({ actor, params, body }) => updateOrderStatus(actor, params.id, body),
      },
      '/status',
    ),
    itemOp(
      'post',
      {
        operationId: 'cancelOrder',
        summary: 'Cancel a pending or paid order',
        description:
          'Puts the stock back exactly once, even when cancel requests race each other or the server expiring the unpaid order; whoever comes second gets 409 INVALID_TRANSITION.',
        access: 'customer',
        body: cancelOrderBody,
        bodyRequired: false,
        bodyExample: { note: 'ordered the wrong size' },
        success: { status: 200, description: 'The cancelled order', schema: orderSchema },
        errors: [409],
        handle: ({ actor, params, body }) => cancelOrder(actor, params.id, body.note),
      },
      '/cancel',
    ),
  ]),
  historyEndpoint(
    'getOrderHistory',
    '/api/orders/{customer_id}/history',
    "A customer's order history (the Flask assignment's path)",
    customerIdParams,
  ),
  historyEndpoint('listCustomerOrders', '/api/customers/{id}/orders', "A customer's order history", idParams),
];
