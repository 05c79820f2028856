import type { Customer } from './customer.model';

export interface CustomerDto {
  id: number;
  name: string;
  email: string;
  phone_number: string | null;
  created_at: Date;
  updated_at: Date;
}

export const toCustomerDto = (customer: Customer): CustomerDto => ({
  id: customer.id,
  name: customer.name,
  email: customer.email,
  phone_number: customer.phone_number ?? null,
  created_at: customer.created_at,
  updated_at: customer.updated_at,
});
