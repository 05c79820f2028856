import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { Express } from 'express';

/**
 * Copies the properties of `source` and of its prototypes down to `base` (excluded) onto `target`, the nearest
 * level last so that it wins, as it does through the prototype chain.
 */
function adopt(target: object, source: object, base: object): void {
  const levels: object[] = [];
  for (
    let level: object | null = source;
    level !== base;
    level = Object.getPrototypeOf(level) as object | null
  ) {
    if (level === null) throw new Error('the Express prototype does not derive from the Node class');
    levels.unshift(level);
  }
  for (const level of levels) Object.defineProperties(target, Object.getOwnPropertyDescriptors(level));
}

/**
 * The HTTP server for an Express app, its requests and responses created with Express's methods already in place.
 *
 * Express gives Node's request and response objects its methods (req.get, res.status...) by swapping their
 * prototypes on every request (`Object.setPrototypeOf(req, app.request)`). V8 cannot keep its fast property
 * access for objects whose prototype changes after they were made: every later read or write of those two
 * objects, Node's own HTTP code included, went through a slow path. Served by bare Express, a route answering a
 * constant took 107-112 µs of CPU per request this way against 19-20 µs here, where Node creates them from
 * classes whose prototypes hold Express's methods, and Express's swap finds the prototype already in place and
 * does nothing. `app` keeps working with any other server (supertest's in the tests): there the swap happens.
 */
export function createAppServer(
  app: Express,
  wrap: (listener: RequestListener) => RequestListener = (listener) => listener,
): Server {
  class AppRequest extends IncomingMessage {}
  class AppResponse extends ServerResponse {}
  adopt(AppRequest.prototype, app.request, IncomingMessage.prototype);
  adopt(AppResponse.prototype, app.response, ServerResponse.prototype);
  // The classes' prototypes now hold everything Express's own did, and app.handle swaps to whatever these name.
  app.request = AppRequest.prototype as typeof app.request;
  app.response = AppResponse.prototype as typeof app.response;
  return createServer({ IncomingMessage: AppRequest, ServerResponse: AppResponse }, wrap(app));
}
