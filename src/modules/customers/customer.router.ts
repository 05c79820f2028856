import { Router } from 'express';
import { actorOf, requireAdmin, requireAuth } from '../../shared/auth';
import { methodNotAllowed } from '../../shared/http';
import { sendPage } from '../../shared/pagination';
import { publicHref } from '../../shared/public-url';
import { idParams, parseBody, parseParams, parseQuery } from '../../shared/validation';
import { createCustomerBody, listCustomersQuery, updateCustomerBody } from './customer.schemas';
import {
  createCustomer,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from './customer.service';

export const customerRouter = Router();

customerRouter
  .route('/')
  .get(requireAdmin, async (req, res) => {
    const query = parseQuery(listCustomersQuery, req);
    const { items, total } = await listCustomers(query);
    sendPage(req, res, items, query, total);
  })
  .post(requireAdmin, async (req, res) => {
    const customer = await createCustomer(parseBody(createCustomerBody, req));
    res
      .status(201)
      .location(publicHref(`/api/customers/${customer.id}`))
      .json(customer);
  })
  .all(methodNotAllowed('GET', 'POST'));

customerRouter
  .route('/:id')
  .get(requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await getCustomer(actorOf(req), id));
  })
  .put(requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await updateCustomer(actorOf(req), id, parseBody(updateCustomerBody, req)));
  })
  .delete(requireAdmin, async (req, res) => {
    const { id } = parseParams(idParams, req);
    await deleteCustomer(id);
    res.status(204).end();
  })
  .all(methodNotAllowed('GET', 'PUT', 'DELETE'));
