import { ConfigError, getConfig } from './env';

// Imported first by entry points: imports run in order, so a bad variable stops start-up here with one
// line naming it, before the logger or the database module read the config and throw a stack trace.
try {
  getConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
