import { z } from 'zod';
import { documentRoute } from '../../shared/openapi';
import { idParams } from '../../shared/validation';
import {
  createCustomerBody,
  customerSchema,
  listCustomersQuery,
  updateCustomerBody,
} from './customer.schemas';

const tag = 'Customers';
const one = { params: idParams };

export function documentCustomerRoutes(): void {
  documentRoute({
    method: 'post',
    path: '/api/customers',
    tag,
    summary: 'Create a customer',
    access: 'admin',
    body: createCustomerBody,
    bodyExample: { name: 'Erin Walker', email: 'erin@example.com', phone_number: '+1 555-0199' },
    success: { status: 201, description: 'The created customer', schema: customerSchema, location: true },
    errors: [409],
  });
  documentRoute({
    method: 'get',
    path: '/api/customers',
    tag,
    summary: 'List customers',
    description: 'q searches name and email.',
    access: 'admin',
    query: listCustomersQuery,
    success: {
      status: 200,
      description: 'One page of customers',
      schema: z.array(customerSchema),
      paged: true,
    },
  });
  documentRoute({
    method: 'get',
    path: '/api/customers/{id}',
    tag,
    summary: 'Get a customer (admin, or the customer itself)',
    access: 'customer',
    ...one,
    success: { status: 200, description: 'The customer', schema: customerSchema },
    errors: [404],
  });
  documentRoute({
    method: 'put',
    path: '/api/customers/{id}',
    tag,
    summary: 'Update a customer (admin, or the customer itself)',
    access: 'customer',
    ...one,
    body: updateCustomerBody,
    bodyExample: { phone_number: '+1 555-0142' },
    success: { status: 200, description: 'The updated customer', schema: customerSchema },
    errors: [404, 409],
  });
  documentRoute({
    method: 'delete',
    path: '/api/customers/{id}',
    tag,
    summary: 'Delete a customer with its account',
    description: 'Refused (409) while the customer has orders or holds the only admin account.',
    access: 'admin',
    ...one,
    success: { status: 204, description: 'Deleted' },
    errors: [404, 409],
  });
}
