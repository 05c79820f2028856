import dotenv from 'dotenv';
import { parseConfig } from '../../src/config/env';
import type { DatabaseConfig } from '../../src/config/env';

/** The development database settings (.env plus environment), from which the test databases are named. */
export function baseDatabaseConfig(): DatabaseConfig {
  dotenv.config({ quiet: true });
  return parseConfig(process.env).db;
}

export const TEST_DATABASE_MARKER = '_test_';

export const testDatabaseName = (baseName: string, workerId: string) =>
  `${baseName}${TEST_DATABASE_MARKER}${workerId}`;
