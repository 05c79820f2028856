import { Router } from 'express';
import { actorOf, requireAuth } from '../../shared/auth';
import { methodNotAllowed } from '../../shared/http';
import { parseBody } from '../../shared/validation';
import { loginBody, registerBody } from './auth.schemas';
import { login, logout, me, register } from './auth.service';
import { publicHref } from '../../shared/public-url';

export const authRouter = Router();

authRouter
  .route('/register')
  .post(async (req, res) => {
    const session = await register(parseBody(registerBody, req));
    res
      .status(201)
      .location(publicHref(`/api/accounts/${session.account.id}`))
      .json(session);
  })
  .all(methodNotAllowed('POST'));

authRouter
  .route('/login')
  .post(async (req, res) => {
    res.json(await login(parseBody(loginBody, req), req.ip ?? 'unknown'));
  })
  .all(methodNotAllowed('POST'));

authRouter
  .route('/logout')
  .post(requireAuth, async (req, res) => {
    await logout(actorOf(req));
    res.status(204).end();
  })
  .all(methodNotAllowed('POST'));

authRouter
  .route('/me')
  .get(async (req, res) => {
    res.json(await me(actorOf(req)));
  })
  .all(methodNotAllowed('GET'));
