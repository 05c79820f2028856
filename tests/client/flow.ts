import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { paths } from './api-types';

/**
 * What a front end does with a client generated from the OpenAPI document: openapi-fetch over the types
 * openapi-typescript makes of it. The typed-client test type-checks this file against freshly generated types
 * (a renamed field, a changed parameter or a dropped operation fails to compile) and runs it against the server.
 */

export interface FlowResult {
  customerId: number;
  loginCustomerEmail: string;
  productNames: string[];
  totalProducts: number;
  secondPageIds: number[];
  orderId: number;
  orderTotal: number;
  replayedOrderId: number;
  replayedHeader: string | null;
  trackedStatus: string;
  cancelledStatus: string;
  stockAfterCancel: number;
  historyOrderIds: number[];
  historyTotal: number;
}

/** Fails with the problem the server sent, so a broken step says why. */
function check<T>(step: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${step}: HTTP ${String(result.response.status)} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

export async function runCustomerFlow(baseUrl: string, categoryId: number): Promise<FlowResult> {
  const anonymous = createClient<paths>({ baseUrl });
  const suffix = randomUUID().slice(0, 8);
  const username = `flow_${suffix}`;
  const password = `typed client ${suffix} walks the shop`;

  const registered = check(
    'register',
    await anonymous.POST('/api/auth/register', {
      body: { name: 'Flow Shopper', email: `${username}@example.com`, username, password },
    }),
  );
  const session = check('login', await anonymous.POST('/api/auth/login', { body: { username, password } }));
  const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${session.token}` } });

  const firstPage = await client.GET('/api/products', {
    params: { query: { category_id: categoryId, in_stock: true, sort: 'price', per_page: 2, page: 1 } },
  });
  const products = check('list products', firstPage);
  const secondPage = check(
    'list products, page 2',
    await client.GET('/api/products', {
      params: { query: { category_id: categoryId, in_stock: true, sort: 'price', per_page: 2, page: 2 } },
    }),
  );
  const cheapest = products[0];
  if (cheapest === undefined) throw new Error('list products: no product in stock');

  const idempotencyKey = randomUUID();
  const placeOrder = () =>
    client.POST('/api/orders', {
      params: { header: { 'Idempotency-Key': idempotencyKey } },
      body: { items: [{ product_id: cheapest.id, quantity: 2 }] },
    });
  const order = check('place order', await placeOrder());
  const retry = await placeOrder();
  const replayed = check('place order again', retry);

  const tracking = check(
    'track',
    await client.GET('/api/orders/{id}/track', { params: { path: { id: order.id } } }),
  );
  const cancelled = check(
    'cancel',
    await client.POST('/api/orders/{id}/cancel', {
      params: { path: { id: order.id } },
      body: { note: 'changed my mind' },
    }),
  );
  const stock = check(
    'stock',
    await anonymous.GET('/api/products/{id}', { params: { path: { id: cheapest.id } } }),
  );
  const historyPage = await client.GET('/api/customers/{id}/orders', {
    params: { path: { id: session.customer.id }, query: { per_page: 10 } },
  });
  const history = check('history', historyPage);

  return {
    customerId: registered.customer.id,
    loginCustomerEmail: session.customer.email,
    productNames: products.map((product) => product.product_name),
    totalProducts: Number(firstPage.response.headers.get('X-Total-Count')),
    secondPageIds: secondPage.map((product) => product.id),
    orderId: order.id,
    orderTotal: order.total,
    replayedOrderId: replayed.id,
    replayedHeader: retry.response.headers.get('Idempotent-Replayed'),
    trackedStatus: tracking.status,
    cancelledStatus: cancelled.status,
    stockAfterCancel: stock.stock,
    historyOrderIds: history.map((entry) => entry.id),
    historyTotal: Number(historyPage.response.headers.get('X-Total-Count')),
  };
}
