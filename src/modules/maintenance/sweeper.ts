import { getConfig } from '../../config/env';
import { getLogger } from '../../shared/logger';
import { repeatInBackground } from './background-task';
import type { BackgroundTask } from './background-task';
import { runSweep } from './sweep';

let sweeper: BackgroundTask | undefined;

async function sweepAndLog(signal: AbortSignal): Promise<void> {
  const result = await runSweep(new Date(), signal);
  const changed = Object.values(result).some((count) => count > 0);
  if (changed) getLogger().info({ sweep: result }, 'maintenance sweep');
  else getLogger().debug({ sweep: result }, 'maintenance sweep: nothing to do');
}

/**
 * Starts this process's maintenance sweep, every SWEEP_INTERVAL_SECONDS by default. Every process may run one: the
 * sweep is safe to run concurrently. Returns false when the interval is 0 (off) or the sweeper already runs.
 */
export function startSweeper(intervalMs = getConfig().sweepIntervalSeconds * 1000): boolean {
  if (intervalMs <= 0 || sweeper !== undefined) return false;
  sweeper = repeatInBackground(sweepAndLog, intervalMs, (error) => {
    getLogger().error({ err: error }, 'maintenance sweep failed');
  });
  return true;
}

/** Stops the sweeper and waits for a sweep in progress to finish its current batch. */
export async function stopSweeper(): Promise<void> {
  const running = sweeper;
  sweeper = undefined;
  await running?.stop();
}
