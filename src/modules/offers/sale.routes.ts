import { createOp, itemOp, listOp, resourceEndpoints } from '../../shared/endpoint';
import { createSaleBody, listSalesQuery, saleSchema, updateSaleBody } from './sale.schemas';
import { createSale, deleteSale, getSale, listSales, updateSale } from './sale.service';

export const saleEndpoints = resourceEndpoints(
  { path: '/api/sales', tag: 'Offers', noun: ['sale', 'sales'] },
  [
    listOp({
      summary: 'List sales',
      description:
        'Newest first (by id, descending). active=true: only the sales running now (starts_at <= now < ends_at); active=false: those not yet started or already ended.',
      access: 'admin',
      query: listSalesQuery,
      returns: saleSchema,
      handle: ({ query }) => listSales(query),
    }),
    createOp({
      summary: 'Create a sale',
      description:
        'Exactly one of percent_off (1 to 90) and amount_off. At most one target: product_ids, category_id or tag_id; none is the whole catalog. starts_at must come before ends_at; both need Z or an offset and are stored in UTC. A product, category or tag that does not exist is a 422.',
      access: 'admin',
      body: createSaleBody,
      bodyExample: {
        name: 'Winter sale',
        percent_off: 20,
        starts_at: '2026-12-01T00:00:00Z',
        ends_at: '2027-01-01T00:00:00Z',
        category_id: 1,
      },
      returns: saleSchema,
      errors: [422],
      create: createSale,
    }),
    itemOp('get', {
      summary: 'Get one sale',
      access: 'admin',
      returns: saleSchema,
      handle: ({ params }) => getSale(params.id),
    }),
    itemOp('put', {
      summary: 'Update a sale',
      description:
        'Any subset of the fields. percent_off or amount_off, when either is sent, replaces the reduction (exactly one of them non-null). product_ids, category_id or tag_id, when any is sent, replaces the target (all null: the whole catalog). The resulting starts_at must still come before ends_at.',
      access: 'admin',
      body: updateSaleBody,
      bodyExample: { amount_off: 5, ends_at: '2027-01-15T00:00:00Z' },
      returns: saleSchema,
      errors: [422],
      handle: ({ params, body }) => updateSale(params.id, body),
    }),
    itemOp('delete', {
      summary: 'Delete a sale',
      description: 'Prices go back to what the remaining sales make of them at once.',
      access: 'admin',
      handle: ({ params }) => deleteSale(params.id),
    }),
  ],
);
