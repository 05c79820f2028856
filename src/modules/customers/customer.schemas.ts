import { z } from 'zod';
import { timestamp } from '../../shared/openapi';
import { paginationQuery } from '../../shared/pagination';
import { nameString } from '../../shared/validation';

export const emailString = z
  .string({ message: 'must be a string' })
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ message: 'must be a valid email address' }));

export const phoneNumberString = z
  .string({ message: 'must be a string' })
  .trim()
  .regex(/^[0-9 +\-()]{7,20}$/, 'must be 7 to 20 characters of digits, spaces, +, - and parentheses');

export const customerFields = {
  name: nameString(100),
  email: emailString,
  phone_number: phoneNumberString.nullable().optional(),
};

export const createCustomerBody = z.strictObject(customerFields);
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;

export const updateCustomerBody = z
  .strictObject(customerFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
export type UpdateCustomerBody = z.infer<typeof updateCustomerBody>;

export const listCustomersQuery = z.strictObject({
  ...paginationQuery,
  q: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .optional()
    .describe('Part of the name or of the email'),
  email: emailString.optional().describe('The customer with exactly this email (letter case ignored)'),
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

/** A customer as every route returns it; the type is inferred and the OpenAPI component generated from this. */
export const customerSchema = z
  .strictObject({
    id: z.number().int(),
    name: z.string(),
    email: z.string().openapi({ format: 'email' }),
    phone_number: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Customer');
export type CustomerDto = z.infer<typeof customerSchema>;
