import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { actorOf, requireAdmin, requireAuth } from './auth';
import type { AuthContext } from './auth-context';
import { methodNotAllowed, sendJson } from './http';
import { documentRoute } from './openapi';
import type { RouteDoc } from './openapi';
import { sendKeysetPage, sendPage } from './pagination';
import type { PageRequest } from './pagination';
import { publicHref } from './public-url';
import { idParams, parseBody, parseParams, parseQuery } from './validation';

/** What a paged endpoint's handler returns: one page and the total; a keyset page also says where to go on. */
export interface PageResult {
  items: unknown[];
  total: number;
  keyset?: { perPage: number; nextAfterId: number | undefined };
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
/** What a path or query schema may be: an object, or an object refined (as OpenAPI parameters allow). */
type ParameterSchema = NonNullable<RouteDoc['params']>;

export interface EndpointInput<P, Q, B, A> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  /** The caller; always set unless the endpoint is public. */
  actor: A extends 'public' ? AuthContext | undefined : AuthContext;
  req: Request;
  res: Response;
}

/**
 * One operation, declared once: its route, its access, the schemas that parse its input, what it answers, and
 * the handler. The Express router and the OpenAPI document are both built from these declarations.
 */
export interface EndpointSpec<
  P extends ParameterSchema | undefined,
  Q extends ParameterSchema | undefined,
  B extends z.ZodType | undefined,
  A extends RouteDoc['access'],
  R,
> extends Omit<RouteDoc, 'params' | 'query' | 'body' | 'access'> {
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Parses the body with another schema for this caller (an owner may send less than an admin). */
  bodyFor?: (actor: AuthContext) => z.ZodType;
  /** For a created resource: the path of its Location header. */
  location?: (result: R) => string;
  handle: (input: EndpointInput<P, Q, B, A>) => Promise<R>;
}

export interface Endpoint {
  doc: RouteDoc;
  run: (req: Request, res: Response) => Promise<void>;
}

function actorFor(access: RouteDoc['access'], req: Request): AuthContext | undefined {
  return access === 'public' ? req.auth : actorOf(req);
}

function isPageResult(value: unknown): value is PageResult {
  return typeof value === 'object' && value !== null && Array.isArray(Reflect.get(value, 'items'));
}

function isPageRequest(value: unknown): value is PageRequest {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'per_page') === 'number';
}

interface Answer {
  req: Request;
  res: Response;
  query: unknown;
  result: unknown;
  location: string | undefined;
}

function respond(doc: RouteDoc, { req, res, query, result, location }: Answer): void {
  if (doc.success.status === 204) {
    res.status(204).end();
    return;
  }
  if (doc.success.paged === true) {
    if (!isPageResult(result) || !isPageRequest(query)) {
      throw new Error(`${doc.method} ${doc.path} is paged but did not get a page request or return a page`);
    }
    if (result.keyset === undefined) sendPage(req, res, result.items, query, result.total);
    else
      sendKeysetPage(req, res, result.items, result.keyset.perPage, result.total, result.keyset.nextAfterId);
    return;
  }
  if (location !== undefined) res.location(publicHref(location));
  sendJson(res, doc.success.status, result);
}

/** Declares an operation. The types of the handler's input follow from the schemas given. */
export function endpoint<
  A extends RouteDoc['access'],
  R,
  P extends ParameterSchema | undefined = undefined,
  Q extends ParameterSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: EndpointSpec<P, Q, B, A, R>): Endpoint {
  const { handle, location, bodyFor, ...routeDoc } = spec;
  const doc: RouteDoc = routeDoc;
  return {
    doc,
    async run(req, res) {
      const actor = actorFor(spec.access, req);
      const query = spec.query === undefined ? undefined : parseQuery(spec.query, req);
      const bodySchema = actor !== undefined && bodyFor !== undefined ? bodyFor(actor) : spec.body;
      const input = {
        params: spec.params === undefined ? undefined : parseParams(spec.params, req),
        query,
        body: bodySchema === undefined ? undefined : parseBody(bodySchema, req),
        actor,
        req,
        res,
      } as EndpointInput<P, Q, B, A>;
      const result = await handle(input);
      respond(doc, { req, res, query, result, location: location?.(result) });
    },
  };
}

const ACCESS_GUARDS = { public: [], customer: [requireAuth], admin: [requireAdmin] };

/** OpenAPI's /api/orders/{id} as an Express path relative to `mount`: /orders/:id. */
const expressPath = (path: string, mount: string) =>
  path.slice(mount.length).replace(/\{(\w+)\}/g, ':$1') || '/';

/**
 * A router serving the endpoints whose paths start with `mount`: each method with its access guard, and 405 with
 * Allow for any other method on a known path.
 */
export function routerFor(endpoints: readonly Endpoint[], mount: string): Router {
  const router = Router();
  const byPath = new Map<string, Endpoint[]>();
  for (const endpoint of endpoints) {
    byPath.set(endpoint.doc.path, [...(byPath.get(endpoint.doc.path) ?? []), endpoint]);
  }
  for (const [path, sameRoute] of byPath) {
    const route = router.route(expressPath(path, mount));
    for (const { doc, run } of sameRoute) route[doc.method](...ACCESS_GUARDS[doc.access], run);
    route.all(methodNotAllowed(...sameRoute.map(({ doc }) => doc.method.toUpperCase())));
  }
  return router;
}

export const documentEndpoints = (endpoints: readonly Endpoint[]): void => {
  for (const { doc } of endpoints) documentRoute(doc);
};

/** What every operation on one resource shares: its collection path, its tag, and its noun (one, many). */
interface Resource {
  path: string;
  tag: string;
  noun: [string, string];
}

type Op = (resource: Resource) => Endpoint;

/** The operations of one resource (collection at `path`, items at `path/{id}`), tagged and named alike. */
export const resourceEndpoints = (resource: Resource, ops: readonly Op[]): Endpoint[] =>
  ops.map((op) => op(resource));

/**
 * An operation of a resource: the endpoint's declaration without what the resource gives. Its answer is either
 * `returns`, a schema described by the resource's conventions ("The customer", "One page of customers"), or a
 * `success` spelled out.
 */
type OpSpec<
  P extends ParameterSchema | undefined,
  Q extends ParameterSchema | undefined,
  B extends z.ZodType | undefined,
  A extends RouteDoc['access'],
  R,
> = Omit<EndpointSpec<P, Q, B, A, R>, 'method' | 'path' | 'tag' | 'success' | 'operationId'> & {
  success?: RouteDoc['success'];
  returns?: z.ZodType;
  /** By default from the resource's noun: listCustomers, createCustomer, getCustomer, updateCustomer... */
  operationId?: string;
};

const capitalized = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

function successOf(
  spec: { success?: RouteDoc['success']; returns?: z.ZodType },
  fallback: RouteDoc['success'],
) {
  return spec.success ?? fallback;
}

/** GET on the collection: one page. */
export const listOp =
  <A extends RouteDoc['access'], R, Q extends ParameterSchema | undefined = undefined>(
    spec: OpSpec<undefined, Q, undefined, A, R>,
  ): Op =>
  ({ path, tag, noun: [, plural] }) =>
    endpoint({
      method: 'get',
      path,
      tag,
      operationId: `list${capitalized(plural)}`,
      ...spec,
      success: successOf(spec, {
        status: 200,
        description: `One page of ${plural}`,
        schema: spec.returns === undefined ? undefined : z.array(spec.returns),
        paged: true,
      }),
    });

/**
 * POST on the collection; the Location of the created item is `path/{id}`. `create` is the plain case: the parsed
 * body in, the created item out; `handle` takes over when the operation needs more of the request.
 */
export const createOp =
  <A extends RouteDoc['access'], R extends { id: number }, B extends z.ZodType | undefined = undefined>(
    spec: Omit<OpSpec<undefined, undefined, B, A, R>, 'handle'> &
      (
        | { create: (body: Parsed<B>) => Promise<R>; handle?: never }
        | { handle: EndpointSpec<undefined, undefined, B, A, R>['handle']; create?: never }
      ),
  ): Op =>
  ({ path, tag, noun: [singular] }) => {
    const { create, handle, ...rest } = spec;
    const run: EndpointSpec<undefined, undefined, B, A, R>['handle'] =
      handle ?? ((input) => create(input.body));
    return endpoint<A, R, undefined, undefined, B>({
      method: 'post',
      path,
      tag,
      operationId: `create${capitalized(singular)}`,
      location: (created: R) => `${path}/${created.id}`,
      ...rest,
      handle: run,
      success: {
        ...successOf(spec, { status: 201, description: `The created ${singular}`, schema: spec.returns }),
        location: true,
      },
    });
  };

/** The conventional answer and operation name of an item operation, by method. */
const ITEM_CONVENTIONS: Partial<
  Record<RouteDoc['method'], { verb: string; answer: (noun: string) => Omit<RouteDoc['success'], 'schema'> }>
> = {
  get: { verb: 'get', answer: (noun) => ({ status: 200, description: `The ${noun}` }) },
  put: { verb: 'update', answer: (noun) => ({ status: 200, description: `The updated ${noun}` }) },
  patch: { verb: 'update', answer: (noun) => ({ status: 200, description: `The updated ${noun}` }) },
  delete: { verb: 'delete', answer: () => ({ status: 204, description: 'Deleted' }) },
};

/**
 * An operation on one item, `path/{id}` (or below it, `path/{id}/track`): the id is parsed, and an unknown one is
 * a 404.
 */
export const itemOp =
  <A extends RouteDoc['access'], R, B extends z.ZodType | undefined = undefined>(
    method: RouteDoc['method'],
    spec: OpSpec<typeof idParams, undefined, B, A, R>,
    below = '',
  ): Op =>
  ({ path, tag, noun: [singular] }) => {
    const convention = below === '' ? ITEM_CONVENTIONS[method] : undefined;
    const success =
      spec.success ??
      (convention === undefined ? undefined : { ...convention.answer(singular), schema: spec.returns });
    const operationId =
      spec.operationId ??
      (convention === undefined ? undefined : `${convention.verb}${capitalized(singular)}`);
    if (success === undefined || operationId === undefined) {
      throw new Error(
        `${method.toUpperCase()} ${path}/{id}${below} needs its success and operationId spelled out`,
      );
    }
    return endpoint({
      method,
      path: `${path}/{id}${below}`,
      tag,
      operationId,
      params: idParams,
      ...spec,
      success,
      errors: [...new Set([404, ...(spec.errors ?? [])])],
    });
  };
