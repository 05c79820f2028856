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
  quoteSchema,
  trackingSchema,
  updateOrderStatusBody,
} from './order.schemas';
import {
  cancelOrder,
  getOrder,
  listCustomerOrders,
  listOrders,
  placeOrder,
  quoteOrder,
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
  endpoint({
    operationId: 'quoteOrder',
    method: 'post',
    path: '/api/orders/quote',
    tag,
    summary: 'Price an order without placing it',
    description:
      "Takes the same body as placing an order and answers with what the order would be now: each line at the price it would sell at (sale prices included), the coupon's discount shared between the lines, the subtotal, discount and total. A coupon the order would refuse is reported in `coupon_problem` (the totals are then without it) rather than refused. Nothing is reserved or redeemed: stock and coupons can change before the order is placed. An unknown product is a 422, as for an order.",
    access: 'customer',
    body: createOrderBody,
    bodyExample: { items: [{ product_id: 1, quantity: 2 }], coupon_code: 'WELCOME10' },
    success: { status: 200, description: 'The quote', schema: quoteSchema },
    errors: [404, 422],
    handle: ({ actor, body }) => quoteOrder(actor, body),
  }),
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
        "One transaction: stock is taken for every line or for none (409 INSUFFICIENT_STOCK naming the short lines). Prices and totals are computed on the server: each line sells at the price in effect at the order's `order_date` (the sale price when a sale covers it). One `coupon_code` may be given: a refused coupon is a 422 (COUPON_NOT_FOUND, COUPON_NOT_ACTIVE, COUPON_USAGE_LIMIT_REACHED, COUPON_NOT_APPLICABLE, pointer `#/coupon_code`) and nothing changes; its discount is shared between the lines it covers in whole cents (`discount`), and `total` = `subtotal` - `discount_total`. Cancelling or expiring the order gives the coupon's use back. With an Idempotency-Key, a retry with the same body answers with the first order (header Idempotent-Replayed: true), even at the pending cap; the same key with another body is a 409.\n\n" +
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
