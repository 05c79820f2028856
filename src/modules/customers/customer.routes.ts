import { createOp, itemOp, listOp, resourceEndpoints } from '../../shared/endpoint';
import * as schemas from './customer.schemas';
import * as service from './customer.service';

export const customerEndpoints = resourceEndpoints(
  { path: '/api/customers', tag: 'Customers', noun: ['customer', 'customers'] },
  [
    listOp({
      summary: 'List customers',
      description: 'q searches name and email.',
      access: 'admin',
      query: schemas.listCustomersQuery,
      returns: schemas.customerSchema,
      handle: ({ query }) => service.listCustomers(query),
    }),
    createOp({
      summary: 'Create a customer',
      access: 'admin',
      body: schemas.createCustomerBody,
      bodyExample: { name: 'Erin Walker', email: 'erin@example.com', phone_number: '+1 555-0199' },
      returns: schemas.customerSchema,
      errors: [409],
      create: service.createCustomer,
    }),
    itemOp('get', {
      summary: 'Get a customer (admin, or the customer itself)',
      access: 'customer',
      returns: schemas.customerSchema,
      handle: ({ actor, params }) => service.getCustomer(actor, params.id),
    }),
    itemOp('put', {
      summary: 'Update a customer (admin, or the customer itself)',
      access: 'customer',
      body: schemas.updateCustomerBody,
      bodyExample: { phone_number: '+1 555-0142' },
      returns: schemas.customerSchema,
      errors: [409],
      handle: ({ actor, params, body }) => service.updateCustomer(actor, params.id, body),
    }),
    itemOp('delete', {
      summary: 'Delete a customer with its account',
      description: 'Refused (409) while the customer has orders or holds the only admin account.',
      access: 'admin',
      errors: [409],
      handle: ({ params }) => service.deleteCustomer(params.id),
    }),
  ],
);
