import pino from 'pino';
import { getConfig } from '../config/env';

// Secrets never reach a log line, whichever object carries them.
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.current_password',
  '*.password_hash',
  '*.token',
];

export const logger = pino({
  level: getConfig().logLevel,
  base: { service: 'ecommerce-api' },
  redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  timestamp: pino.stdTimeFunctions.isoTime,
});
