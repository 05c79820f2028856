import { documentRoute } from '../../shared/openapi';
import { idParams } from '../../shared/validation';
import {
  accountWithCustomerSchema,
  accountSchema,
  adminUpdateAccountBody,
  createAccountBody,
  deleteAccountBody,
} from './account.schemas';

const tag = 'Accounts';
const one = { params: idParams };

export function documentAccountRoutes(): void {
  documentRoute({
    method: 'post',
    path: '/api/accounts',
    tag,
    summary: 'Create an account for a customer',
    access: 'admin',
    body: createAccountBody,
    description:
      'The password must have 8 to 128 characters, not only spaces, differ from the username and not be a common password (400 otherwise).',
    bodyExample: { customer_id: 5, username: 'erin', password: '<choose a password>', role: 'customer' },
    success: {
      status: 201,
      description: 'The created account (never the password)',
      schema: accountSchema,
      location: true,
    },
    errors: [409, 422],
  });
  documentRoute({
    method: 'get',
    path: '/api/accounts/{id}',
    tag,
    summary: 'Get an account with its customer (admin, or the owner)',
    access: 'customer',
    ...one,
    success: { status: 200, description: 'The account', schema: accountWithCustomerSchema },
    errors: [404],
  });
  documentRoute({
    method: 'put',
    path: '/api/accounts/{id}',
    tag,
    summary: 'Change username, password or role (admin, or the owner)',
    description:
      'An owner must send current_password; only an admin may send role (for anyone else it is an unknown field, 400). A new password follows the same rules as at creation and revokes the account’s other tokens.',
    access: 'customer',
    ...one,
    body: adminUpdateAccountBody,
    bodyExample: { password: '<choose a new password>', current_password: '<your current password>' },
    success: { status: 200, description: 'The updated account', schema: accountSchema },
    errors: [404, 409],
  });
  documentRoute({
    method: 'delete',
    path: '/api/accounts/{id}',
    tag,
    summary: 'Delete an account (admin, or the owner)',
    description:
      'Its tokens stop working at once; the customer record stays. An owner deleting its own account must send current_password (400 when missing or wrong); an admin deleting another account sends no body. The only admin cannot be deleted (409).',
    access: 'customer',
    ...one,
    body: deleteAccountBody,
    bodyRequired: false,
    bodyExample: { current_password: '<your current password>' },
    success: { status: 204, description: 'Deleted' },
    errors: [404, 409],
  });
}
