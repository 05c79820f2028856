import { z } from 'zod';
import { customerFields, passwordString, usernameString, withPasswordNotUsername } from '../customers';

/** Strict: a `role` (or any other extra field) is a 400, so nobody can register as an admin. */
export const registerBody = withPasswordNotUsername(
  z.strictObject({
    ...customerFields,
    username: usernameString,
    password: passwordString,
  }),
);
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.strictObject({
  username: z.string({ message: 'must be a string' }).trim().min(1, 'must not be empty').max(50),
  password: z.string({ message: 'must be a string' }).min(1, 'must not be empty').max(128),
});
export type LoginBody = z.infer<typeof loginBody>;
