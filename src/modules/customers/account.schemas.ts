import { z } from 'zod';
import { timestamp } from '../../shared/openapi';
import { customerSchema } from './customer.schemas';
import { idNumber } from '../../shared/validation';
import { ROLES } from '../../shared/auth-context';
import { PASSWORD_MAX_LENGTH, passwordString, withPasswordNotUsername } from './password-policy';

export const usernameString = z
  .string({ message: 'must be a string' })
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(50, 'must be at most 50 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, ".", "_" and "-"');

const roleEnum = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });

export const createAccountBody = withPasswordNotUsername(
  z.strictObject({
    customer_id: idNumber,
    username: usernameString,
    password: passwordString,
    role: roleEnum.optional(),
  }),
);
export type CreateAccountBody = z.infer<typeof createAccountBody>;

// Checked against the stored hash, not against the policy: passwords set before the policy still prove who is asking.
const currentPasswordString = z.string({ message: 'must be a string' }).max(PASSWORD_MAX_LENGTH);

const ownerFields = {
  username: usernameString.optional(),
  password: passwordString.optional(),
  current_password: currentPasswordString.optional(),
};

const hasAChange = (body: { username?: string; password?: string; role?: string }) =>
  body.username !== undefined || body.password !== undefined || body.role !== undefined;

/** What an account's owner may send: no `role`, which is an unknown field (400) for anyone but an admin. */
export const ownerUpdateAccountBody = withPasswordNotUsername(
  z.strictObject(ownerFields).refine(hasAChange, 'send username, password or both'),
);

export const adminUpdateAccountBody = withPasswordNotUsername(
  z
    .strictObject({ ...ownerFields, role: roleEnum.optional() })
    .refine(hasAChange, 'send username, password, role or a combination'),
);
export type UpdateAccountBody = z.infer<typeof adminUpdateAccountBody>;

/** An owner proves it is itself with its password; an admin deleting another account sends no body at all. */
export const deleteAccountBody = z.strictObject({ current_password: currentPasswordString.optional() });
export type DeleteAccountBody = z.infer<typeof deleteAccountBody>;

const accountFields = z.strictObject({
  id: z.number().int(),
  customer_id: z.number().int(),
  username: z.string(),
  role: z.enum(ROLES),
  created_at: timestamp,
  updated_at: timestamp,
});

/** An account as clients see it (never the password hash); the type is inferred from this. */
export const accountSchema = accountFields.openapi('Account');
export type AccountDto = z.infer<typeof accountSchema>;

export const accountWithCustomerSchema = accountFields
  .extend({ customer: customerSchema })
  .openapi('AccountWithCustomer');
