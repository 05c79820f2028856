import type { Request } from 'express';
import { getConfig } from '../config/env';

/**
 * The path and query of this request. Never its Host header, nor the scheme and host of an absolute-form target
 * (`GET http://evil.example/api/products HTTP/1.1`): both are whatever the client chose to send.
 */
export function requestPathAndQuery(req: Request): string {
  const target = req.originalUrl;
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return '/';
  }
}

/**
 * Pure: a URL of this API that clients can follow. With a public URL (https://shop.example.com/store) it is that
 * URL + path + query; without one it is the path and query alone, which clients resolve against the URL they
 * called, so no header of the request ever decides where a link points.
 */
export function hrefFor(pathAndQuery: string, publicUrl: string | undefined): string {
  // One leading slash: "//evil.example/x" would be a network-path reference to another host.
  return `${publicUrl ?? ''}/${pathAndQuery.replace(/^\/+/, '')}`;
}

/** The URL of a path of this API as clients should see it, against PUBLIC_URL when it is set. Every Link and Location. */
export const publicHref = (pathAndQuery: string): string => hrefFor(pathAndQuery, getConfig().publicUrl);
