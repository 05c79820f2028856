import { createOp, itemOp, resourceEndpoints } from '../../shared/endpoint';
import { isAdmin } from '../../shared/auth-context';
import * as schemas from './account.schemas';
import * as service from './account.service';

export const accountEndpoints = resourceEndpoints(
  { path: '/api/accounts', tag: 'Accounts', noun: ['account', 'accounts'] },
  [
    createOp({
      summary: 'Create an account for a customer',
      access: 'admin',
      body: schemas.createAccountBody,
      description:
        'The password must have 8 to 128 characters, not only spaces, differ from the username and not be a common password (400 otherwise).',
      bodyExample: { customer_id: 5, username: 'erin', password: '<choose a password>', role: 'customer' },
      success: {
        status: 201,
        description: 'The created account (never the password)',
        schema: schemas.accountSchema,
      },
      errors: [409, 422],
      create: service.createAccount,
    }),
    itemOp('get', {
      summary: 'Get an account with its customer (admin, or the owner)',
      access: 'customer',
      returns: schemas.accountWithCustomerSchema,
      handle: ({ actor, params }) => service.getAccount(actor, params.id),
    }),
    itemOp('put', {
      summary: 'Change username, password or role (admin, or the owner)',
      description:
        'An owner must send current_password; only an admin may send role (for anyone else it is an unknown field, 400). A new password follows the same rules as at creation and revokes the account’s other tokens.',
      access: 'customer',
      body: schemas.adminUpdateAccountBody,
      // Anyone but an admin sends the owner's fields only: `role` is then an unknown field (400).
      bodyFor: (actor) => (isAdmin(actor) ? schemas.adminUpdateAccountBody : schemas.ownerUpdateAccountBody),
      bodyExample: { password: '<choose a new password>', current_password: '<your current password>' },
      returns: schemas.accountSchema,
      errors: [409],
      handle: ({ actor, params, body }) => service.updateAccount(actor, params.id, body),
    }),
    itemOp('delete', {
      summary: 'Delete an account (admin, or the owner)',
      description:
        'Its tokens stop working at once; the customer record stays. An owner deleting its own account must send current_password (400 when missing or wrong); an admin deleting another account sends no body. The only admin cannot be deleted (409).',
      access: 'customer',
      body: schemas.deleteAccountBody,
      bodyRequired: false,
      bodyExample: { current_password: '<your current password>' },
      errors: [409],
      handle: ({ actor, params, body }) => service.deleteAccount(actor, params.id, body),
    }),
  ],
);
