import { Router } from 'express';
import { publicHref } from '../../shared/public-url';
import { actorOf, requireAdmin, requireAuth } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import { methodNotAllowed } from '../../shared/http';
import { pageQuery, sendPage } from '../../shared/pagination';
import {
  idParams,
  parseBody,
  parseParams,
  parseQuery,
  zodIssuesToFieldErrors,
} from '../../shared/validation';
import {
  cancelOrderBody,
  createOrderBody,
  customerIdParams,
  idempotencyKeyHeader,
  listOrdersQuery,
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

export const orderRouter = Router();

orderRouter
  .route('/')
  .post(requireAuth, async (req, res) => {
    const idempotencyKey = readIdempotencyKey(req.get('Idempotency-Key'));
    const { order, replayed } = await placeOrder(
      actorOf(req),
      parseBody(createOrderBody, req),
      idempotencyKey,
    );
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res
      .status(201)
      .location(publicHref(`/api/orders/${order.id}`))
      .json(order);
  })
  .get(requireAuth, async (req, res) => {
    const query = parseQuery(listOrdersQuery, req);
    const { items, total } = await listOrders(actorOf(req), query);
    sendPage(req, res, items, query, total);
  })
  .all(methodNotAllowed('GET', 'POST'));

orderRouter
  .route('/:id')
  .get(requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await getOrder(actorOf(req), id));
  })
  .all(methodNotAllowed('GET'));

orderRouter
  .route('/:id/track')
  .get(requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await trackOrder(actorOf(req), id));
  })
  .all(methodNotAllowed('GET'));

orderRouter
  .route('/:id/status')
  .patch(requireAdmin, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await updateOrderStatus(actorOf(req), id, parseBody(updateOrderStatusBody, req)));
  })
  .all(methodNotAllowed('PATCH'));

orderRouter
  .route('/:id/cancel')
  .post(requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const { note } = parseBody(cancelOrderBody, req);
    res.json(await cancelOrder(actorOf(req), id, note));
  })
  .all(methodNotAllowed('POST'));

/** The Flask assignment's path for a customer's history. */
orderRouter
  .route('/:customer_id/history')
  .get(requireAuth, async (req, res) => {
    const { customer_id } = parseParams(customerIdParams, req);
    const query = parseQuery(pageQuery, req);
    const { items, total } = await listCustomerOrders(actorOf(req), customer_id, query);
    sendPage(req, res, items, query, total);
  })
  .all(methodNotAllowed('GET'));

/** GET /api/customers/:id/orders, mounted beside the customers router. */
export const customerOrdersRouter = Router();

customerOrdersRouter
  .route('/:id/orders')
  .get(requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const query = parseQuery(pageQuery, req);
    const { items, total } = await listCustomerOrders(actorOf(req), id, query);
    sendPage(req, res, items, query, total);
  })
  .all(methodNotAllowed('GET'));
