import { availableParallelism } from 'node:os';
import dotenv from 'dotenv';
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * How `q` searches product names: `fulltext` through the FULLTEXT index (MariaDB, MySQL), `prefix` through LIKE
 * patterns, for servers without FULLTEXT (TiDB and other MySQL-compatible clusters).
 */
export const SEARCH_MODES = ['fulltext', 'prefix'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

// An empty value in .env ("PORT=") means "use the default", as it would for an unset variable.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const port = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65535, `${name} must be between 1 and 65535`);

/** A whole number within bounds, named in its message. */
const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

export const MAX_WORKERS = 64;

/** WEB_CONCURRENCY's value as a worker count: `auto` is one per core the process may use, at most MAX_WORKERS. */
export const parseWebConcurrency = (raw: string, cores: number): number =>
  raw === 'auto' ? Math.min(Math.max(cores, 1), MAX_WORKERS) : Number(raw);

const envSchema = z.object({
  PORT: optional(port('PORT')),
  DB_HOST: optional(z.string()),
  DB_PORT: optional(port('DB_PORT')),
  DB_NAME: optional(z.string().regex(/^[A-Za-z0-9_]{1,48}$/, 'DB_NAME may hold only letters, digits and _')),
  DB_USER: optional(z.string()),
  // Empty means "not set" here too: .env.example's `DB_PASSWORD=` must not hide a DB_PW set after it.
  DB_PASSWORD: optional(z.string()),
  DB_PW: optional(z.string()),
  DATABASE_URL: optional(z.string()),
  DB_POOL_MAX: optional(
    z
      .string()
      .regex(/^\d+$/, 'DB_POOL_MAX must be a whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 200, 'DB_POOL_MAX must be between 1 and 200'),
  ),
  ADMIN_USERNAME: optional(z.string().min(3, 'ADMIN_USERNAME must have at least 3 characters')),
  ADMIN_PASSWORD: optional(z.string().min(8, 'ADMIN_PASSWORD must have at least 8 characters')),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })),
  CORS_ORIGIN: optional(z.string()),
  TOKEN_TTL: optional(
    z
      .string()
      .regex(/^\d{1,6}[smhd]?$/, 'TOKEN_TTL must be a duration such as 3600, 90m, 24h or 7d')
      .transform(parseDurationSeconds)
      .refine((s) => s >= 60 && s <= 90 * 86_400, 'TOKEN_TTL must be between 1 minute and 90 days'),
  ),
  LOGIN_MAX_FAILURES: optional(
    z
      .string()
      .regex(/^\d+$/, 'LOGIN_MAX_FAILURES must be a whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 10_000, 'LOGIN_MAX_FAILURES must be between 1 and 10000'),
  ),
  LOGIN_WINDOW_MINUTES: optional(
    z
      .string()
      .regex(/^\d+$/, 'LOGIN_WINDOW_MINUTES must be a whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 1440, 'LOGIN_WINDOW_MINUTES must be between 1 and 1440'),
  ),
  TRUST_PROXY: optional(
    z
      .string()
      .regex(
        /^(true|false|\d{1,2}|[0-9a-fA-F.:/, ]+|loopback|linklocal|uniquelocal)$/,
        'TRUST_PROXY must be true, false, a hop count, or addresses/subnets',
      )
      .transform(parseTrustProxy),
  ),
  ORDER_LEAD_TIME_DAYS: optional(
    z
      .string()
      .regex(/^\d{1,3}$/, 'ORDER_LEAD_TIME_DAYS must be a whole number of days')
      .transform(Number)
      .refine((n) => n <= 365, 'ORDER_LEAD_TIME_DAYS must be at most 365'),
  ),
  IDEMPOTENCY_TTL_HOURS: optional(
    z
      .string()
      .regex(/^\d{1,4}$/, 'IDEMPOTENCY_TTL_HOURS must be a whole number of hours')
      .transform(Number)
      .refine((n) => n >= 24 && n <= 720, 'IDEMPOTENCY_TTL_HOURS must be between 24 and 720'),
  ),
  RATE_LIMIT_PER_MINUTE: optional(
    z
      .string()
      .regex(/^\d{1,6}$/, 'RATE_LIMIT_PER_MINUTE must be a whole number (0 turns the limit off)')
      .transform(Number),
  ),
  COUNT_CACHE_MS: optional(
    z
      .string()
      .regex(/^\d{1,6}$/, 'COUNT_CACHE_MS must be a whole number of milliseconds')
      .transform(Number),
  ),
  LOGIN_USERNAME_MAX_FAILURES: optional(wholeNumber('LOGIN_USERNAME_MAX_FAILURES', 1, 100_000)),
  LOGIN_ADDRESS_MAX_FAILURES: optional(wholeNumber('LOGIN_ADDRESS_MAX_FAILURES', 1, 100_000)),
  DB_LOCK_WAIT_TIMEOUT_S: optional(wholeNumber('DB_LOCK_WAIT_TIMEOUT_S', 1, 50)),
  DB_STATEMENT_TIMEOUT_MS: optional(wholeNumber('DB_STATEMENT_TIMEOUT_MS', 0, 600_000)),
  ORDER_PAYMENT_TIMEOUT_MINUTES: optional(wholeNumber('ORDER_PAYMENT_TIMEOUT_MINUTES', 1, 43_200)),
  MAX_PENDING_ORDERS: optional(wholeNumber('MAX_PENDING_ORDERS', 1, 1_000_000)),
  MAX_TOKENS_PER_ACCOUNT: optional(wholeNumber('MAX_TOKENS_PER_ACCOUNT', 1, 1_000)),
  SWEEP_INTERVAL_SECONDS: optional(wholeNumber('SWEEP_INTERVAL_SECONDS', 0, 86_400)),
  PUBLIC_URL: optional(
    z
      .string()
      .regex(
        /^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s?#/])?$/,
        'PUBLIC_URL must be http(s)://host[:port][/path], without a trailing slash',
      ),
  ),
  REDIS_URL: optional(
    z
      .string()
      .regex(
        /^rediss?:\/\/\S+$/,
        'REDIS_URL must be redis://[user:password@]host[:port][/db] (or rediss://)',
      ),
  ),
  REDIS_PREFIX: optional(
    z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'REDIS_PREFIX may hold only letters, digits and : _ . -'),
  ),
  DB_READ_HOSTS: optional(
    z
      .string()
      .regex(
        /^\s*[^\s,:]+(:\d{1,5})?\s*(,\s*[^\s,:]+(:\d{1,5})?\s*)*$/,
        'DB_READ_HOSTS must be host[:port] entries separated by commas',
      )
      .transform(parseHostList),
  ),
  READ_YOUR_WRITES_MS: optional(wholeNumber('READ_YOUR_WRITES_MS', 0, 600_000)),
  REPLICA_MAX_LAG_S: optional(wholeNumber('REPLICA_MAX_LAG_S', 0, 86_400)),
  WEB_CONCURRENCY: optional(
    z
      .string()
      .regex(/^(auto|\d{1,9})$/, `WEB_CONCURRENCY must be a whole number (1-${MAX_WORKERS}) or auto`)
      .transform((raw) => parseWebConcurrency(raw, availableParallelism()))
      .refine((n) => n >= 1 && n <= MAX_WORKERS, `WEB_CONCURRENCY must be between 1 and ${MAX_WORKERS}`),
  ),
  SEARCH_MODE: optional(
    z.enum(SEARCH_MODES, { message: `SEARCH_MODE must be one of ${SEARCH_MODES.join(', ')}` }),
  ),
  NODE_ENV: optional(z.string()),
});

/** "db-2:3307, db-3" -> [{host: 'db-2', port: 3307}, {host: 'db-3', port: 3306}]. */
function parseHostList(raw: string): Array<{ host: string; port: number }> {
  return raw.split(',').map((entry) => {
    const [host = '', port] = entry.trim().split(':');
    return { host, port: port === undefined ? 3306 : Number(port) };
  });
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "90m" -> 5400; a bare number is seconds. */
function parseDurationSeconds(raw: string): number {
  const unit = raw.at(-1) ?? 's';
  const factor = DURATION_UNITS[unit];
  return factor === undefined ? Number(raw) : Number(raw.slice(0, -1)) * factor;
}

/** Express's "trust proxy" setting: a boolean, a hop count, or a list of addresses and subnets. */
function parseTrustProxy(raw: string): boolean | number | string {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

export interface DatabaseConfig {
  host: string;
  port: number;
  name: string;
  user: string;
  password: string;
  poolMax: number;
  /** innodb_lock_wait_timeout on every connection: how long a statement waits for a row lock. */
  lockWaitTimeoutS: number;
  /** Longest a read may run (MySQL max_execution_time, MariaDB max_statement_time); 0 is no limit. */
  statementTimeoutMs: number;
  /** Read replicas (DB_READ_HOSTS): reads outside transactions go to them while they are healthy. */
  readHosts: ReadonlyArray<{ host: string; port: number }>;
  /** A replica further behind its primary than this is skipped. */
  replicaMaxLagS: number;
}

export interface Config {
  port: number;
  db: DatabaseConfig;
  /** The seed's admin, and admin:create's password when ADMIN_PASSWORD is set (passwordFromEnvironment). */
  admin: { username: string; password: string; passwordFromEnvironment: boolean };
  logLevel: (typeof LOG_LEVELS)[number];
  corsOrigin: '*' | string[];
  tokenTtlSeconds: number;
  /**
   * Failed logins within the window: maxFailures per (username, client address) pair; usernameMaxFailures per
   * username from all addresses together (past it, each further attempt waits longer); addressMaxFailures per
   * address over all usernames.
   */
  login: {
    maxFailures: number;
    windowMinutes: number;
    usernameMaxFailures: number;
    addressMaxFailures: number;
  };
  trustProxy: boolean | number | string;
  orderLeadTimeDays: number;
  idempotencyTtlHours: number;
  countCacheMs: number;
  rateLimitPerMinute: number;
  /** A pending (unpaid) order older than this is cancelled by the server, its stock restored. */
  orderPaymentTimeoutMinutes: number;
  /** Pending orders a customer may hold at once; admins are exempt. */
  maxPendingOrders: number;
  /** Live tokens an account may hold; logging in past it revokes the oldest. */
  maxTokensPerAccount: number;
  /** How often each process runs the maintenance sweep (expired orders, tokens, keys); 0 turns it off. */
  sweepIntervalSeconds: number;
  /** The address clients reach the API at (https://shop.example.com/api-root), for absolute URLs. */
  publicUrl: string | undefined;
  /** Shared state across processes (rate limit, count invalidation, read-your-writes marks); none = per process. */
  redis: { url: string; prefix: string } | undefined;
  /** After an account writes, its reads go to the primary for this long (only matters with read replicas). */
  readYourWritesMs: number;
  /** Worker processes `npm start` runs (node:cluster); 1 is a single process with no cluster primary. */
  webConcurrency: number;
  /** How `q` searches product names; `prefix` where the server has no FULLTEXT indexes. */
  searchMode: SearchMode;
  nodeEnv: string;
}

function parseDatabaseUrl(raw: string): Partial<DatabaseConfig> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL (expected mysql://user:pass@host:port/db)');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new ConfigError(
      'DATABASE_URL must start with mysql:// (for example mysql://root:@127.0.0.1:3306/ecommerce_db)',
    );
  }
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (name !== '' && !/^[A-Za-z0-9_]{1,48}$/.test(name)) {
    throw new ConfigError('DATABASE_URL database name may hold only letters, digits and _');
  }
  const portNumber = url.port === '' ? undefined : Number(url.port);
  return {
    host: url.hostname,
    ...(portNumber === undefined ? {} : { port: portNumber }),
    ...(name === '' ? {} : { name }),
    ...(url.username === '' ? {} : { user: decodeURIComponent(url.username) }),
    password: decodeURIComponent(url.password),
  };
}

function parseCorsOrigin(raw: string | undefined): '*' | string[] {
  if (raw === undefined || raw.trim() === '*') return '*';
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    if (!/^https?:\/\/[^\s/]+$/.test(origin)) {
      throw new ConfigError(
        `CORS_ORIGIN has an invalid origin "${origin}" (expected * or http(s)://host[:port], comma-separated)`,
      );
    }
  }
  return origins;
}

/** Pure: turns an environment into a config, or throws a ConfigError whose message names the variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid environment variable ${variable}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = result.data;
  const fromUrl = e.DATABASE_URL === undefined ? {} : parseDatabaseUrl(e.DATABASE_URL);
  const db: DatabaseConfig = {
    host: e.DB_HOST ?? '127.0.0.1',
    port: e.DB_PORT ?? 3306,
    name: e.DB_NAME ?? 'ecommerce_db',
    user: e.DB_USER ?? 'root',
    password: e.DB_PASSWORD ?? e.DB_PW ?? '',
    poolMax: e.DB_POOL_MAX ?? 10,
    lockWaitTimeoutS: e.DB_LOCK_WAIT_TIMEOUT_S ?? 3,
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS ?? 10_000,
    readHosts: Object.freeze(e.DB_READ_HOSTS ?? []),
    replicaMaxLagS: e.REPLICA_MAX_LAG_S ?? 10,
    ...fromUrl,
  };
  return Object.freeze({
    port: e.PORT ?? 3001,
    db: Object.freeze(db),
    admin: Object.freeze({
      username: e.ADMIN_USERNAME ?? 'admin',
      password: e.ADMIN_PASSWORD ?? 'change-me-admin',
      passwordFromEnvironment: e.ADMIN_PASSWORD !== undefined,
    }),
    logLevel: e.LOG_LEVEL ?? 'info',
    corsOrigin: parseCorsOrigin(e.CORS_ORIGIN),
    tokenTtlSeconds: e.TOKEN_TTL ?? 86_400,
    login: Object.freeze({
      maxFailures: e.LOGIN_MAX_FAILURES ?? 10,
      windowMinutes: e.LOGIN_WINDOW_MINUTES ?? 15,
      usernameMaxFailures: e.LOGIN_USERNAME_MAX_FAILURES ?? 100,
      addressMaxFailures: e.LOGIN_ADDRESS_MAX_FAILURES ?? 100,
    }),
    trustProxy: e.TRUST_PROXY ?? false,
    orderLeadTimeDays: e.ORDER_LEAD_TIME_DAYS ?? 5,
    idempotencyTtlHours: e.IDEMPOTENCY_TTL_HOURS ?? 24,
    countCacheMs: e.COUNT_CACHE_MS ?? 5_000,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE ?? 600,
    orderPaymentTimeoutMinutes: e.ORDER_PAYMENT_TIMEOUT_MINUTES ?? 30,
    maxPendingOrders: e.MAX_PENDING_ORDERS ?? 3,
    maxTokensPerAccount: e.MAX_TOKENS_PER_ACCOUNT ?? 10,
    sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS ?? 60,
    publicUrl: e.PUBLIC_URL,
    redis:
      e.REDIS_URL === undefined
        ? undefined
        : Object.freeze({ url: e.REDIS_URL, prefix: e.REDIS_PREFIX ?? 'ecommerce:' }),
    readYourWritesMs: e.READ_YOUR_WRITES_MS ?? 5_000,
    webConcurrency: e.WEB_CONCURRENCY ?? 1,
    searchMode: e.SEARCH_MODE ?? 'fulltext',
    nodeEnv: e.NODE_ENV ?? 'development',
  });
}

/**
 * The environment as the server sees it: the variables of an .env file (by default ./.env) under the real
 * environment, which always wins. `env` is updated in place, as dotenv does for process.env.
 */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env, envFile?: string): NodeJS.ProcessEnv {
  dotenv.config({ quiet: true, processEnv: env, ...(envFile === undefined ? {} : { path: envFile }) });
  return env;
}

let cached: Config | undefined;

/** The process's config: .env (which never overrides real environment variables) plus the environment. */
export function getConfig(): Config {
  cached ??= parseConfig(loadEnvironment());
  return cached;
}

/**
 * For entry points (the server, the CLIs): the config, or one line naming the bad variable on stderr and exit
 * code 1, instead of a stack trace.
 */
export function getConfigOrExit(): Config {
  try {
    return getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
