import { copyFileSync, mkdtempSync, appendFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadEnvironment, parseConfig, parseWebConcurrency } from '../../src/config/env';

describe('parseConfig', () => {
  test('an empty environment gives the documented defaults', () => {
    expect(parseConfig({})).toEqual({
      port: 3001,
      db: {
        host: '127.0.0.1',
        port: 3306,
        name: 'ecommerce_db',
        user: 'root',
        password: '',
        poolMax: 10,
        lockWaitTimeoutS: 3,
        statementTimeoutMs: 10_000,
        readHosts: [],
        replicaMaxLagS: 10,
      },
      admin: { username: 'admin', password: 'change-me-admin', passwordFromEnvironment: false },
      logLevel: 'info',
      corsOrigin: '*',
      tokenTtlSeconds: 86_400,
      login: { maxFailures: 10, windowMinutes: 15, usernameMaxFailures: 100, addressMaxFailures: 100 },
      trustProxy: false,
      orderLeadTimeDays: 5,
      idempotencyTtlHours: 24,
      countCacheMs: 5_000,
      rateLimitPerMinute: 600,
      orderPaymentTimeoutMinutes: 30,
      maxPendingOrders: 3,
      maxTokensPerAccount: 10,
      sweepIntervalSeconds: 60,
      publicUrl: undefined,
      redis: undefined,
      readYourWritesMs: 5_000,
      webConcurrency: 1,
      searchMode: 'fulltext',
      nodeEnv: 'development',
    });
  });

  test('SEARCH_MODE chooses how q searches product names: fulltext (the default) or prefix', () => {
    expect(parseConfig({ SEARCH_MODE: 'prefix' }).searchMode).toBe('prefix');
    expect(parseConfig({ SEARCH_MODE: 'fulltext' }).searchMode).toBe('fulltext');
    expect(parseConfig({ SEARCH_MODE: '' }).searchMode).toBe('fulltext');
  });

  test('empty values mean "default"', () => {
    expect(parseConfig({ PORT: '', DB_HOST: '' }).port).toBe(3001);
  });

  test('DB_PW is accepted as an alias of DB_PASSWORD, which wins when both are set', () => {
    expect(parseConfig({ DB_PW: 'pw' }).db.password).toBe('pw');
    expect(parseConfig({ DB_PW: 'pw', DB_PASSWORD: 'real' }).db.password).toBe('real');
  });

  test('DATABASE_URL replaces the separate variables', () => {
    const { db } = parseConfig({
      DATABASE_URL: 'mysql://shop:s%40cret@db.internal:3307/shop_db',
      DB_NAME: 'ignored',
    });
    expect(db).toMatchObject({
      host: 'db.internal',
      port: 3307,
      name: 'shop_db',
      user: 'shop',
      password: 's@cret',
    });
  });

  test('TOKEN_TTL takes seconds or a unit, and TRUST_PROXY a boolean, a hop count or addresses', () => {
    expect(parseConfig({ TOKEN_TTL: '90m' }).tokenTtlSeconds).toBe(5400);
    expect(parseConfig({ TOKEN_TTL: '3600' }).tokenTtlSeconds).toBe(3600);
    expect(parseConfig({ TOKEN_TTL: '7d' }).tokenTtlSeconds).toBe(604_800);
    expect(parseConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });

  test('DB_READ_HOSTS takes host[:port] entries, REDIS_URL a redis:// URL with a key prefix', () => {
    const config = parseConfig({
      DB_READ_HOSTS: 'db-2:3307, db-3',
      REDIS_URL: 'redis://:secret@cache:6380/2',
      REDIS_PREFIX: 'shop:',
    });
    expect(config.db.readHosts).toEqual([
      { host: 'db-2', port: 3307 },
      { host: 'db-3', port: 3306 },
    ]);
    expect(config.redis).toEqual({ url: 'redis://:secret@cache:6380/2', prefix: 'shop:' });
    expect(parseConfig({ REDIS_URL: 'rediss://cache' }).redis?.prefix).toBe('ecommerce:');
  });

  test('WEB_CONCURRENCY takes a worker count from 1 to 64, or auto for one per available core', () => {
    expect(parseConfig({ WEB_CONCURRENCY: '4' }).webConcurrency).toBe(4);
    expect(parseConfig({ WEB_CONCURRENCY: 'auto' }).webConcurrency).toBe(
      Math.min(availableParallelism(), 64),
    );
    expect(parseWebConcurrency('auto', 2)).toBe(2);
    expect(parseWebConcurrency('auto', 128)).toBe(64);
    expect(parseWebConcurrency('auto', 0)).toBe(1);
  });

  test('CORS_ORIGIN takes a comma-separated list', () => {
    expect(parseConfig({ CORS_ORIGIN: 'http://localhost:3000, https://shop.example' }).corsOrigin).toEqual([
      'http://localhost:3000',
      'https://shop.example',
    ]);
  });

  test.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DB_PORT: '-1' }, 'DB_PORT'],
    [{ DB_NAME: 'shop; DROP' }, 'DB_NAME'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'postgres://x@y/z' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ CORS_ORIGIN: 'localhost:3000' }, 'CORS_ORIGIN'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ TOKEN_TTL: '24 hours' }, 'TOKEN_TTL'],
    [{ TOKEN_TTL: '10s' }, 'TOKEN_TTL'],
    [{ LOGIN_MAX_FAILURES: '0' }, 'LOGIN_MAX_FAILURES'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
    [{ DB_LOCK_WAIT_TIMEOUT_S: '0' }, 'DB_LOCK_WAIT_TIMEOUT_S'],
    [{ MAX_PENDING_ORDERS: 'many' }, 'MAX_PENDING_ORDERS'],
    [{ PUBLIC_URL: 'shop.example.com' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://shop.example.com/' }, 'PUBLIC_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ REDIS_PREFIX: 'shop prefix' }, 'REDIS_PREFIX'],
    [{ DB_READ_HOSTS: 'db-2:port' }, 'DB_READ_HOSTS'],
    [{ DB_READ_HOSTS: 'db-2,,db-3' }, 'DB_READ_HOSTS'],
    [{ READ_YOUR_WRITES_MS: '-5' }, 'READ_YOUR_WRITES_MS'],
    [{ REPLICA_MAX_LAG_S: 'soon' }, 'REPLICA_MAX_LAG_S'],
    [{ WEB_CONCURRENCY: 'abc' }, 'WEB_CONCURRENCY'],
    [{ WEB_CONCURRENCY: '0' }, 'WEB_CONCURRENCY'],
    [{ WEB_CONCURRENCY: '65' }, 'WEB_CONCURRENCY'],
    [{ SEARCH_MODE: 'like' }, 'SEARCH_MODE'],
  ])('%j stops start-up with one line naming %s', (env, variable) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(variable));
  });
});

describe('loadEnvironment with a real .env file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'env-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** .env.example copied as the README says, with extra lines appended as a user would type them. */
  const envFileWith = (name: string, extra: string) => {
    const file = path.join(dir, name);
    copyFileSync(path.resolve(__dirname, '../../.env.example'), file);
    appendFileSync(file, extra);
    return file;
  };

  test("DB_PW works in a .env copied from .env.example, whose empty DB_PASSWORD= means 'not set'", () => {
    const env = loadEnvironment({}, envFileWith('pw.env', '\nDB_PW=from-the-assignment\n'));
    expect(env.DB_PASSWORD).toBe('');
    expect(parseConfig(env).db.password).toBe('from-the-assignment');
  });

  test('a DB_PASSWORD with a value still wins over DB_PW, and the real environment wins over the file', () => {
    const file = envFileWith('both.env', '\nDB_PW=alias\nDB_PASSWORD=real\nPORT=4000\n');
    expect(parseConfig(loadEnvironment({}, file)).db.password).toBe('real');
    const config = parseConfig(loadEnvironment({ PORT: '5000' }, file));
    expect(config.port).toBe(5000);
  });

  test('.env.example itself gives a working local configuration', () => {
    const config = parseConfig(loadEnvironment({}, envFileWith('plain.env', '')));
    expect(config.db).toMatchObject({ host: '127.0.0.1', port: 3306, name: 'ecommerce_db', user: 'root' });
    expect(config.db.password).toBe('');
  });
});
