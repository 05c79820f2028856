import './zod-openapi';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { getConfig } from '../config/env';
import { sendJson } from './http';
import { hrefFor, requestPathAndQuery } from './public-url';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

const MAX_PAGE = 999_999_999;

/**
 * `page` and `per_page` query parameters; out-of-range values are a 400, never silently clamped. Read from the
 * query string's digits, documented as the integers they are.
 */
export const paginationQuery = {
  page: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, `must be a whole number from 1 to ${MAX_PAGE}`)
    .transform(Number)
    .default(1)
    .openapi({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 }),
  per_page: z
    .string()
    .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_PER_PAGE}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_PER_PAGE, `must be a whole number from 1 to ${MAX_PER_PAGE}`)
    .default(DEFAULT_PER_PAGE)
    .openapi({ type: 'integer', minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE }),
};

/** The query of a list that takes nothing but `page` and `per_page`. */
export const pageQuery = z.strictObject(paginationQuery);

export interface PageRequest {
  page: number;
  per_page: number;
}

export const offsetOf = ({ page, per_page }: PageRequest): number => (page - 1) * per_page;

export const lastPageOf = (total: number, perPage: number): number => Math.max(1, Math.ceil(total / perPage));

// Links are edited as URLs for their query parameters; only their path and query are kept, so this origin never
// shows.
const PLACEHOLDER_ORIGIN = 'http://link.invalid';

const linkOf = (link: URL, rel: string, publicUrl: string | undefined) =>
  `<${hrefFor(`${link.pathname}${link.search}`, publicUrl)}>; rel="${rel}"`;

/**
 * Pure: an RFC 8288 Link header value with first, prev, next and last for the given request path and query,
 * rooted at the public URL when there is one (relative otherwise).
 */
export function buildLinkHeader(
  target: string,
  { page, per_page }: PageRequest,
  total: number,
  publicUrl?: string,
): string {
  const last = lastPageOf(total, per_page);
  const linkTo = (targetPage: number, rel: string) => {
    const link = new URL(target, PLACEHOLDER_ORIGIN);
    link.searchParams.set('page', String(targetPage));
    link.searchParams.set('per_page', String(per_page));
    return linkOf(link, rel, publicUrl);
  };
  const links = [linkTo(1, 'first')];
  if (page > 1) links.push(linkTo(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(linkTo(page + 1, 'next'));
  links.push(linkTo(last, 'last'));
  return links.join(', ');
}

/**
 * Pure: the Link header of a keyset page (after_id): first (no after_id) and, when there may be more, next
 * (after the last row of this page). Keyset pages have no prev or last.
 */
export function buildKeysetLinkHeader(
  target: string,
  perPage: number,
  nextAfterId: number | undefined,
  publicUrl?: string,
): string {
  const linkTo = (afterId: number | undefined, rel: string) => {
    const link = new URL(target, PLACEHOLDER_ORIGIN);
    link.searchParams.delete('page');
    link.searchParams.set('per_page', String(perPage));
    if (afterId === undefined) link.searchParams.delete('after_id');
    else link.searchParams.set('after_id', String(afterId));
    return linkOf(link, rel, publicUrl);
  };
  return [
    linkTo(undefined, 'first'),
    ...(nextAfterId === undefined ? [] : [linkTo(nextAfterId, 'next')]),
  ].join(', ');
}

/** Sends one keyset page with its X-Total-Count and first/next Link header. */
export function sendKeysetPage(
  req: Request,
  res: Response,
  items: unknown[],
  perPage: number,
  total: number,
  nextAfterId: number | undefined,
): void {
  res.set('X-Total-Count', String(total));
  res.set(
    'Link',
    buildKeysetLinkHeader(requestPathAndQuery(req), perPage, nextAfterId, getConfig().publicUrl),
  );
  sendJson(res, 200, items);
}

/** Sends one page of a list with its X-Total-Count and Link headers. */
export function sendPage(
  req: Request,
  res: Response,
  items: unknown[],
  page: PageRequest,
  total: number,
): void {
  res.set('X-Total-Count', String(total));
  res.set('Link', buildLinkHeader(requestPathAndQuery(req), page, total, getConfig().publicUrl));
  sendJson(res, 200, items);
}
