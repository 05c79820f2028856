import { z } from 'zod';
import { idNumber } from '../../shared/validation';
import { ROLES } from './account.model';

export const usernameString = z
  .string({ message: 'must be a string' })
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(50, 'must be at most 50 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, ".", "_" and "-"');

export const passwordString = z
  .string({ message: 'must be a string' })
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters');

const roleEnum = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });

export const createAccountBody = z.strictObject({
  customer_id: idNumber,
  username: usernameString,
  password: passwordString,
  role: roleEnum.optional(),
});
export type CreateAccountBody = z.infer<typeof createAccountBody>;

const ownerFields = {
  username: usernameString.optional(),
  password: passwordString.optional(),
  current_password: z.string({ message: 'must be a string' }).max(128).optional(),
};

const hasAChange = (body: { username?: string; password?: string; role?: string }) =>
  body.username !== undefined || body.password !== undefined || body.role !== undefined;

/** What an account's owner may send: no `role`, which is an unknown field (400) for anyone but an admin. */
export const ownerUpdateAccountBody = z
  .strictObject(ownerFields)
  .refine(hasAChange, 'send username, password or both');

export const adminUpdateAccountBody = z
  .strictObject({ ...ownerFields, role: roleEnum.optional() })
  .refine(hasAChange, 'send username, password, role or a combination');
export type UpdateAccountBody = z.infer<typeof adminUpdateAccountBody>;
