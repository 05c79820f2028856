import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { OpenAPIObject } from 'openapi3-ts/oas31';
import './modules/accounts/account.openapi';
import './modules/auth/auth.openapi';
import './modules/categories/category.openapi';
import './modules/customers/customer.openapi';
import './modules/health/health.openapi';
import './modules/inventory/stock.openapi';
import './modules/orders/order.openapi';
import './modules/products/product.openapi';
import './modules/tags/tag.openapi';
import { registry } from './shared/openapi';

const TAGS = [
  { name: 'Auth', description: 'Register, log in, log out; tokens for everything that is not public' },
  { name: 'Customers', description: 'Customer records (admin, or the customer itself)' },
  { name: 'Accounts', description: 'Logins linked one-to-one to customers' },
  { name: 'Categories', description: 'The catalog: categories with their products' },
  { name: 'Products', description: 'The catalog: products with their category and tags' },
  { name: 'Tags', description: 'The catalog: tags with their products' },
  { name: 'Orders', description: 'Orders, their lifecycle, tracking and history' },
  { name: 'Stock', description: 'Stock levels, the stock ledger, adjustments and the low-stock report' },
  { name: 'Operations', description: 'Health checks and this document' },
];

let document: OpenAPIObject | undefined;

/** The OpenAPI 3.1 document, generated once from the zod schemas that validate the requests. */
export function getOpenApiDocument(): OpenAPIObject {
  document ??= new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'E-commerce Back End API',
      version: '1.0.0',
      description:
        'Catalog (the bootcamp "E-commerce Back End" routes), customers and accounts, orders and inventory. Errors are RFC 9457 application/problem+json. Lists take page and per_page (1-100) and answer with X-Total-Count and Link headers.',
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: TAGS,
  });
  return document;
}
