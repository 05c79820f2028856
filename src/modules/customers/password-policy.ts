import type * as CommonLanguage from '@zxcvbn-ts/language-common';
import { z } from 'zod';

/**
 * The password rules of NIST SP 800-63B (section 5.1.1.2), in one place: every body schema that sets a password,
 * the account service and `npm run admin:create` apply them through passwordProblem.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Letter case and surrounding spaces do not make a password any harder to guess. */
const fold = (value: string) => value.trim().toLowerCase();

let common: ReadonlySet<string> | undefined;

/**
 * The common-password list of zxcvbn-ts (about 49,000 passwords from breach corpora), folded. Read on first use,
 * not at start-up: decompressing it costs about 30 ms and 10 MB, which the CLIs that never set a password need not pay.
 */
export function commonPasswords(): ReadonlySet<string> {
  if (common === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would load the list at start-up
    const { dictionary } = require('@zxcvbn-ts/language-common') as typeof CommonLanguage;
    common = new Set(dictionary['passwords-common'].map(fold));
  }
  return common;
}

/**
 * Why a password is refused, as the `detail` a client sees, or undefined when it is acceptable. `username` is the
 * account's (new or current) username, when known.
 */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const folded = fold(password);
  if (folded === '') return 'must not be only spaces';
  if (username !== undefined && folded === fold(username)) return 'must not be the username';
  if (commonPasswords().has(folded)) return 'is too common';
  return undefined;
}

/**
 * A new password in a request body. The length limits are zod checks as well, so that the OpenAPI document shows
 * them; they abort, so a password that is too long is never looked up.
 */
export const passwordString = z
  .string({ message: 'must be a string' })
  .min(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters`, abort: true })
  .max(PASSWORD_MAX_LENGTH, { message: `must be at most ${PASSWORD_MAX_LENGTH} characters`, abort: true })
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

/** True when every issue so far is about another field: the body is an object, its password and username parsed. */
const fieldsParsed = (payload: z.core.ParsePayload) =>
  payload.issues.every((issue) => {
    const field = issue.path?.[0];
    return field !== undefined && field !== 'password' && field !== 'username';
  });

/**
 * The rule a field schema cannot see: a body's password must not be its username. Runs only once both fields
 * parsed, so a password gets one complaint at a time.
 */
export function withPasswordNotUsername<T extends z.ZodType<{ username?: string; password?: string }>>(
  schema: T,
): T {
  return schema.superRefine(
    (body, ctx) => {
      if (body.password === undefined || body.username === undefined) return;
      const problem = passwordProblem(body.password, body.username);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
    },
    { when: fieldsParsed },
  );
}
