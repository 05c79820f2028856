import { baseDatabaseConfig, testDatabaseName } from './test-database';

// Runs before each test file is loaded: every variable the app reads for its database is pinned to this
// worker's own test database, so no test can reach the development database whatever .env says.
const base = baseDatabaseConfig();
delete process.env.DATABASE_URL;
delete process.env.DB_PW;
// Shared state and replicas are opt-in per test (a developer's .env may set them for the running shop).
delete process.env.REDIS_URL;
delete process.env.DB_READ_HOSTS;
process.env.DB_HOST = base.host;
process.env.DB_PORT = String(base.port);
process.env.DB_USER = base.user;
process.env.DB_PASSWORD = base.password;
process.env.DB_NAME = testDatabaseName(base.name, process.env.JEST_WORKER_ID ?? '1');
process.env.DB_POOL_MAX = '20';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.CORS_ORIGIN = '*';
process.env.NODE_ENV = 'test';
// Tests empty the tables between cases, behind the cache's back: counts must be exact here.
process.env.COUNT_CACHE_MS = '0';
// The global per-address limit is off in tests (every request comes from 127.0.0.1); its own test turns it on.
process.env.RATE_LIMIT_PER_MINUTE = '0';
