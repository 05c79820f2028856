import { createOp, itemOp, listOp, resourceEndpoints } from '../../shared/endpoint';
import { searchModeOf } from './product-search';
import { createProductBody, listProductsQuery, productSchema, updateProductBody } from './product.schemas';
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from './product.service';

export const productEndpoints = resourceEndpoints(
  { path: '/api/products', tag: 'Products', noun: ['product', 'products'] },
  [
    listOp({
      summary: 'List products with their category and tags',
      description:
        'Filters: category_id, tag_id, min_price, max_price, in_stock, q (name contains), sku (exact). sort: id, product_name, price or stock, prefixed with - for descending.',
      access: 'public',
      query: listProductsQuery,
      returns: productSchema,
      handle: async ({ query, req }) => {
        const { items, total, nextAfterId } = await listProducts(query, searchModeOf(req));
        return query.after_id === undefined
          ? { items, total }
          : { items, total, keyset: { perPage: query.per_page, nextAfterId } };
      },
    }),
    createOp({
      summary: 'Create a product',
      description:
        'The product and its tag links are written in one transaction; its stock arrives as an initial ledger row.',
      access: 'admin',
      body: createProductBody,
      bodyExample: {
        product_name: 'Basketball',
        price: 200.0,
        stock: 3,
        category_id: 5,
        tagIds: [1, 2],
        sku: 'BALL-001',
      },
      returns: productSchema,
      errors: [409, 422],
      create: createProduct,
    }),
    itemOp('get', {
      summary: 'Get one product',
      access: 'public',
      returns: productSchema,
      handle: ({ params }) => getProduct(params.id),
    }),
    itemOp('put', {
      summary: 'Update a product',
      description:
        'Any subset of the fields. tagIds, when present, replaces the tag set; when absent, the tags stay.',
      access: 'admin',
      body: updateProductBody,
      bodyExample: { price: 12.5, stock: 30, tagIds: [3, 6] },
      returns: productSchema,
      errors: [409, 422],
      handle: ({ params, body }) => updateProduct(params.id, body),
    }),
    itemOp('delete', {
      summary: 'Delete a product',
      description:
        'Past orders keep their lines, with product_id null and the name and price they were placed at.',
      access: 'admin',
      handle: ({ params }) => deleteProduct(params.id),
    }),
  ],
);
