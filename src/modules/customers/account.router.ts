import { Router } from 'express';
import { actorOf, isAdmin, requireAdmin, requireAuth } from '../../shared/auth';
import { methodNotAllowed } from '../../shared/http';
import { idParams, parseBody, parseParams } from '../../shared/validation';
import {
  adminUpdateAccountBody,
  createAccountBody,
  deleteAccountBody,
  ownerUpdateAccountBody,
} from './account.schemas';
import { createAccount, deleteAccount, getAccount, updateAccount } from './account.service';
import { publicHref } from '../../shared/public-url';

export const accountRouter = Router();

accountRouter
  .route('/')
  .post(requireAdmin, async (req, res) => {
    const account = await createAccount(parseBody(createAccountBody, req));
    res
      .status(201)
      .location(publicHref(`/api/accounts/${account.id}`))
      .json(account);
  })
  .all(methodNotAllowed('POST'));

accountRouter
  .route('/:id')
  .get(requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await getAccount(actorOf(req), id));
  })
  .put(requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const actor = actorOf(req);
    const body = parseBody(isAdmin(actor) ? adminUpdateAccountBody : ownerUpdateAccountBody, req);
    res.json(await updateAccount(actor, id, body));
  })
  .delete(requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    await deleteAccount(actorOf(req), id, parseBody(deleteAccountBody, req));
    res.status(204).end();
  })
  .all(methodNotAllowed('GET', 'PUT', 'DELETE'));
