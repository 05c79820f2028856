/** The periodic sweep: unpaid orders expire, expired tokens, idempotency keys and old login failures go. */
export { runSweep } from './sweep';
export { startSweeper, stopSweeper } from './sweeper';
