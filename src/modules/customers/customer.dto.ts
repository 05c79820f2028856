import type { Customer } from './customer.model';
import type { CustomerDto } from './customer.schemas';

export type { CustomerDto };

export const toCustomerDto = (customer: Customer): CustomerDto => ({
  id: customer.id,
  name: customer.name,
  email: customer.email,
  phone_number: customer.phone_number ?? null,
  created_at: customer.created_at.toISOString(),
  updated_at: customer.updated_at.toISOString(),
});
