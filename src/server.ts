import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { createApp } from './app';
import { runWorkers } from './cluster';
import { getConfigOrExit } from './config/env';
import type { Config } from './config/env';
import { getSequelize } from './database/sequelize';
import { stopReplicaMonitor } from './database/read-routing';
import { prepareDatabase } from './database/setup';
import { describeStartupFailure } from './database/startup-errors';
import { startSweeper, stopSweeper } from './modules/maintenance/sweeper';
import { createAppServer } from './shared/app-server';
import { getLogger } from './shared/logger';
import { closeRedis } from './shared/redis';
import { limitPipelining } from './shared/pipelining';

const SHUTDOWN_TIMEOUT_MS = 10_000;
const STARTUP_ATTEMPTS = 8;

/** Prepares the database, retrying only what waiting can heal; false when start-up must stop. */
async function prepareWithRetries(config: Config): Promise<boolean> {
  const log = {
    info: (message: string) => {
      getLogger().info(message);
    },
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await prepareDatabase(getSequelize(), config.db, log);
      if (applied.length > 0)
        getLogger().info({ migrations: applied }, `applied ${applied.length} migration(s)`);
      else getLogger().info('database schema is up to date');
      return true;
    } catch (error) {
      const failure = describeStartupFailure(error, config.db);
      if (!failure.transient) {
        getLogger().fatal({ code: failure.code }, failure.message);
        return false;
      }
      if (attempt >= STARTUP_ATTEMPTS) {
        getLogger().fatal({ code: failure.code }, `${failure.message}; gave up after ${attempt} attempts`);
        return false;
      }
      const waitMs = Math.min(500 * 2 ** (attempt - 1), 10_000);
      getLogger().warn(
        { attempt, retry_in_ms: waitMs, code: failure.code, host: config.db.host, port: config.db.port },
        'database not ready; retrying',
      );
      await delay(waitMs);
    }
  }
}

function listenFailure(error: NodeJS.ErrnoException, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use: stop the process that holds it, or set PORT to a free port`;
    case 'EACCES':
      return `port ${port} needs privileges this process does not have: set PORT to 1024 or above`;
    default:
      return `cannot listen on port ${port}: ${error.message}`;
  }
}

/** Listens on PORT and serves until SIGTERM or SIGINT, then shuts down gracefully. */
function serve(config: Config): void {
  const server: Server = createAppServer(createApp(), limitPipelining);
  server.once('error', (error: NodeJS.ErrnoException) => {
    getLogger().fatal({ port: config.port, code: error.code }, listenFailure(error, config.port));
    process.exit(1);
  });
  server.listen(config.port, () => {
    getLogger().info(
      { port: config.port, database: config.db.name },
      `listening on http://localhost:${config.port}`,
    );
    // Expires unpaid orders and prunes expired rows; every process runs its own, the sweep is concurrency-safe.
    startSweeper();
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    getLogger().info({ signal }, 'shutting down: finishing in-flight requests');
    const forced = setTimeout(() => {
      getLogger().error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    // A sweep in progress finishes its batch before the pool it uses is closed.
    const sweeperStopped = stopSweeper();
    server.close(() => {
      sweeperStopped
        .then(() => Promise.all([getSequelize().close(), stopReplicaMonitor(), closeRedis()]))
        .then(() => {
          getLogger().info('shutdown complete');
          process.exit(0);
        })
        .catch((error: unknown) => {
          getLogger().error({ err: error }, 'error while closing the database pool');
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
}

async function main(): Promise<void> {
  const config = getConfigOrExit();
  process.on('unhandledRejection', (reason) => {
    getLogger().error({ err: reason }, 'unhandled promise rejection');
  });
  // A worker of the cluster below: the primary prepared the database before forking it.
  if (cluster.isWorker) {
    serve(config);
    return;
  }
  if (!(await prepareWithRetries(config))) {
    await getSequelize()
      .close()
      .catch(() => undefined);
    process.exit(1);
  }
  if (config.webConcurrency === 1) {
    serve(config);
    return;
  }
  if (config.redis === undefined) {
    getLogger().warn(
      { workers: config.webConcurrency },
      'REDIS_URL is not set: the rate limit and cached counts are per worker (set REDIS_URL to share them)',
    );
  }
  // The primary serves no HTTP, so it keeps no pool; it outwaits the workers' own shutdown timeout.
  await Promise.all([getSequelize().close(), stopReplicaMonitor()]);
  process.exit(await runWorkers(config.webConcurrency, SHUTDOWN_TIMEOUT_MS + 5_000));
}

void main();
