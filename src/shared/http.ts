import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from './errors';
import { getLogger, getRequestLineLogger } from './logger';
import { toProblem } from './problem';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

// Query parameters whose values may be credentials (?access_token=, ?api_key=, ?code=): a URL is logged whole,
// even when the request is refused for carrying one.
const SECRET_PARAMETER = /token|password|secret|key|auth|session|signature|code/i;

const decodeParameterName = (raw: string): string => {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
};

/** The request target as it may be logged: the value of every secret-looking query parameter is redacted. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const pairs = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1 || !SECRET_PARAMETER.test(decodeParameterName(pair.slice(0, equals)))) return pair;
      return `${pair.slice(0, equals)}=[redacted]`;
    });
  return `${url.slice(0, queryStart + 1)}${pairs.join('&')}`;
}

/**
 * Echoes a well-formed incoming X-Request-Id, otherwise makes one (`req.id`, and the response header), and logs
 * every request once it is answered: its id, method, URL (secret-looking parameters redacted), client address,
 * status and response time, at `error` for a 5xx and `info` otherwise. Written here rather than with pino-http,
 * which made a child logger with its own serializers and redaction for every request: 30% of a stock-level
 * request's throughput (npm run bench, with and without it).
 */
export const createRequestLogger = (
  logger: Pick<Logger, 'info' | 'error'> = getRequestLineLogger(),
): RequestHandler => {
  return (req, res, next) => {
    const startedAt = performance.now();
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    // Read now: once the connection is gone, the socket no longer knows its peer (Node keeps it per connection).
    const remoteAddress = req.socket.remoteAddress;
    // 'close' comes once for every response, after 'finish' when it was sent whole and alone when the client went
    // away first: one listener instead of one for each.
    res.once('close', () => {
      const status = res.statusCode;
      const entry = {
        req: { id, method: req.method, url: redactUrl(req.originalUrl), remote_address: remoteAddress },
        res: { status },
        responseTime: Math.round(performance.now() - startedAt),
      };
      if (status >= 500) logger.error(entry, 'request completed');
      else if (res.writableFinished) logger.info(entry, 'request completed');
      else logger.info(entry, 'request aborted');
    });
    next();
  };
};

const API_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-site',
};

/** OWASP's headers for a JSON API, set in one call. */
export const apiSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.set(API_SECURITY_HEADERS);
  next();
};

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_JSON_TYPE = 'application/problem+json; charset=utf-8';

/**
 * Answers with `body` as JSON: status, type and length, then the body in the same write. Express's res.json also
 * hashes every body for an ETag and parses the Content-Type back to add its charset: a fifth of a small read's
 * CPU (npm run bench -- --floor, res.json against this). API answers carry no ETag; the OpenAPI document, which is
 * large and fixed, keeps its own.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = JSON_TYPE): void {
  // JSON.stringify(undefined) is undefined, whatever its typings say.
  const json = JSON.stringify(body) as string | undefined;
  // Encoded once, here: Node would otherwise measure the string for Content-Length and then copy it behind the
  // headers before encoding it, which costs a large list more than the encoding itself.
  const bytes = Buffer.from(json ?? '');
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

const requestIdOf = (req: Request): string => req.id ?? 'unknown';

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/** Writes must send JSON: anything else with a body is a 415 before any parsing is tried. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (
    ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method) &&
    hasBody(req) &&
    !req.is('application/json')
  ) {
    next(
      new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the request body as JSON with Content-Type: application/json',
      ),
    );
    return;
  }
  next();
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}`));
};

/** Answers a known path called with a method it does not serve: 405 with the Allow header. */
export const methodNotAllowed =
  (...allowed: string[]): RequestHandler =>
  (req, res, next) => {
    res.set('Allow', allowed.join(', '));
    next(new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${allowed.join(', ')}`));
  };

export const errorHandler: ErrorRequestHandler = (
  error: unknown,
  req: Request,
  res: Response,
  next: NextFunction,
) => {
  const requestId = requestIdOf(req);
  const problem = toProblem(error, requestId);
  if (problem.unexpected) {
    getLogger().error({ err: error, request_id: requestId }, 'unhandled error');
  } else if (problem.status >= 500) {
    getLogger().warn({ err: error, request_id: requestId, code: problem.body.code }, 'request failed');
  }
  if (res.headersSent) {
    next(error);
    return;
  }
  res.set(problem.headers);
  sendJson(res, problem.status, problem.body, PROBLEM_JSON_TYPE);
};
