import type { RequestHandler } from 'express';
import { getConfig } from '../config/env';
import { hasReplicas, readFrom } from '../database/read-routing';
import { getRedis, redisKey } from './redis';

/**
 * Read-your-writes with read replicas: a caller who has just written must not read an older state from a replica
 * that has not caught up yet. A request that writes (any method but GET, HEAD and OPTIONS) reads from the primary
 * too, and marks its account as a recent writer for READ_YOUR_WRITES_MS; so does a log-in (a token issued within
 * that time). A marked account's reads go to the primary. The mark is kept in this process and, with REDIS_URL, in
 * Redis, so that a read through another process or machine sees it too. When Redis cannot answer, the read goes
 * to the primary, which is never wrong. Without replicas this does nothing.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_LOCAL_MARKS = 10_000;
const localMarks = new Map<number, number>();

const markKey = (accountId: number) => redisKey(`wrote:${String(accountId)}`);

async function markWriter(accountId: number): Promise<void> {
  const windowMs = getConfig().readYourWritesMs;
  if (windowMs === 0) return;
  localMarks.delete(accountId);
  if (localMarks.size >= MAX_LOCAL_MARKS) {
    const oldest = localMarks.keys().next().value;
    if (oldest !== undefined) localMarks.delete(oldest);
  }
  localMarks.set(accountId, Date.now() + windowMs);
  await getRedis()
    ?.set(markKey(accountId), '1', 'PX', windowMs)
    .catch(() => undefined);
}

async function wroteRecently(accountId: number, tokenIssuedAt: Date): Promise<boolean> {
  const windowMs = getConfig().readYourWritesMs;
  if (windowMs === 0) return false;
  const now = Date.now();
  if (now - tokenIssuedAt.getTime() < windowMs) return true;
  if ((localMarks.get(accountId) ?? 0) > now) return true;
  const redis = getRedis();
  if (redis === undefined) return false;
  try {
    return (await redis.exists(markKey(accountId))) === 1;
  } catch {
    return true;
  }
}

/** Mounted after authentication: chooses where this request's reads go. */
export const routeReads: RequestHandler = async (req, _res, next) => {
  if (!hasReplicas()) {
    next();
    return;
  }
  const actor = req.auth;
  const writes = !SAFE_METHODS.has(req.method);
  if (writes && actor !== undefined) await markWriter(actor.accountId);
  const primary =
    writes || (actor !== undefined && (await wroteRecently(actor.accountId, actor.tokenIssuedAt)));
  readFrom(primary ? 'primary' : 'replicas', next);
};
