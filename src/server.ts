import './config/exit-on-invalid';
import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { createApp } from './app';
import { getConfig } from './config/env';
import { sequelize } from './database/sequelize';
import { ensureDatabase, syncModels } from './database/setup';
import { logger } from './shared/logger';

const SHUTDOWN_TIMEOUT_MS = 10_000;
const STARTUP_ATTEMPTS = 8;

async function main(): Promise<void> {
  const config = getConfig();

  for (let attempt = 1; ; attempt++) {
    try {
      await ensureDatabase(config.db);
      await syncModels();
      break;
    } catch (error) {
      if (attempt >= STARTUP_ATTEMPTS) {
        logger.fatal({ err: error }, 'database unreachable; giving up');
        process.exit(1);
      }
      const waitMs = Math.min(500 * 2 ** (attempt - 1), 10_000);
      logger.warn(
        { err: error, attempt, retry_in_ms: waitMs, host: config.db.host, port: config.db.port },
        'database not ready; retrying',
      );
      await delay(waitMs);
    }
  }

  const server: Server = createApp().listen(config.port, () => {
    logger.info(
      { port: config.port, database: config.db.name },
      `listening on http://localhost:${config.port}`,
    );
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const forced = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    server.close(() => {
      sequelize
        .close()
        .then(() => {
          logger.info('shutdown complete');
          process.exit(0);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'error while closing the database pool');
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
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
}

void main();
