import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { getLogger } from './shared/logger';

/**
 * The cluster primary of `npm start` when WEB_CONCURRENCY is above 1. It serves no HTTP: src/server.ts has
 * prepared the database before calling it, and each worker it forks runs src/server.ts again, which listens on the
 * shared port.
 *
 * - The workers accept from the one listening socket themselves (SCHED_NONE), and the kernel gives each connection
 *   to a worker that is ready for it. Node's default, round-robin, has the primary accept every connection and pass
 *   it on; a connection in the middle of that handoff when its worker is killed is never answered nor closed, and
 *   its client hangs until it gives up (a 20 s stall, the request timeout of tests/integration/cluster.test.ts).
 * - Start-up fails fast: the first worker is forked alone and the others once it listens, so a busy port gives one
 *   fatal line (that worker's); a worker that exits before every worker has listened once stops the cluster with
 *   exit code 1 instead of being restarted forever.
 * - After that, a worker that dies is restarted after a backoff of its own slot (1 s doubling to 30 s, back to 1 s
 *   once a worker has stayed up 60 s); the others keep serving meanwhile.
 * - On SIGTERM or SIGINT it stops restarting, sends SIGTERM to every worker (each finishes its in-flight requests
 *   and closes its pool) and waits for them: exit code 0, or 1 when a worker failed to stop cleanly or had to be
 *   killed after `stopTimeoutMs`.
 */
export function runWorkers(count: number, stopTimeoutMs: number): Promise<number> {
  const log = getLogger();
  const slots: Slot[] = Array.from({ length: count }, () => ({
    worker: undefined,
    listened: false,
    startedAt: 0,
    delayMs: 0,
    restart: undefined,
  }));
  const startedUp = () => slots.every((slot) => slot.listened);
  let stopping = false;
  let exitCode = 0;
  let forceKill: NodeJS.Timeout | undefined;

  return new Promise((resolve) => {
    const resolveWhenAllStopped = () => {
      if (!stopping || slots.some((slot) => slot.worker !== undefined)) return;
      clearTimeout(forceKill);
      log.info({ exit_code: exitCode }, 'all workers stopped');
      resolve(exitCode);
    };

    const stop = (reason: string, code: number) => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      const running = slots.flatMap((slot) => {
        clearTimeout(slot.restart);
        return slot.worker === undefined ? [] : [slot.worker];
      });
      log.info({ reason, workers: running.length }, 'stopping the workers');
      for (const worker of running) worker.process.kill('SIGTERM');
      forceKill = setTimeout(() => {
        for (const slot of slots) {
          if (slot.worker === undefined) continue;
          log.error({ worker_pid: slot.worker.process.pid }, 'worker did not stop in time; killing it');
          slot.worker.process.kill('SIGKILL');
          exitCode = 1;
        }
      }, stopTimeoutMs);
      resolveWhenAllStopped();
    };

    const fork = (slot: Slot) => {
      const worker = cluster.fork();
      Object.assign(slot, { worker, startedAt: Date.now(), restart: undefined });
      worker.once('listening', () => {
        if (startedUp()) return;
        slot.listened = true;
        if (startedUp()) log.info({ workers: count }, 'all workers listening');
        else if (slot === slots[0] && !stopping) for (const other of slots.slice(1)) fork(other);
      });
      worker.once('exit', (code, signal) => {
        slot.worker = undefined;
        const death = { worker_pid: worker.process.pid, exit_code: code, signal };
        if (stopping) {
          // A worker still starting has no handler yet, and the signal ends it: clean too, it served nothing.
          if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGINT') exitCode = 1;
          resolveWhenAllStopped();
        } else if (!startedUp()) {
          log.error(death, 'worker exited during start-up; not restarting');
          stop('a worker failed to start', 1);
        } else {
          slot.delayMs = restartDelayMs(slot.delayMs, Date.now() - slot.startedAt);
          log.error({ ...death, restart_in_ms: slot.delayMs }, 'worker died; restarting it');
          slot.restart = setTimeout(() => {
            fork(slot);
            log.info({ worker_pid: slot.worker?.process.pid }, 'worker restarted');
          }, slot.delayMs);
        }
      });
    };

    process.on('SIGTERM', () => {
      stop('SIGTERM', 0);
    });
    process.on('SIGINT', () => {
      stop('SIGINT', 0);
    });
    cluster.schedulingPolicy = cluster.SCHED_NONE;
    log.info({ workers: count }, `starting ${count} workers`);
    if (slots[0] !== undefined) fork(slots[0]);
  });
}

interface Slot {
  worker: Worker | undefined;
  /** Whether a worker of this slot has ever listened: start-up is over once every slot's has. */
  listened: boolean;
  startedAt: number;
  /** The backoff of this slot's last restart, 0 before any. */
  delayMs: number;
  restart: NodeJS.Timeout | undefined;
}

export const FIRST_RESTART_DELAY_MS = 1_000;
export const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that stayed up this long was healthy: its slot's backoff starts over. */
export const STABLE_UPTIME_MS = 60_000;

/** The wait before restarting a worker that died after `uptimeMs`, given its slot's previous wait (0: none). */
export function restartDelayMs(previousDelayMs: number, uptimeMs: number): number {
  if (previousDelayMs === 0 || uptimeMs >= STABLE_UPTIME_MS) return FIRST_RESTART_DELAY_MS;
  return Math.min(previousDelayMs * 2, MAX_RESTART_DELAY_MS);
}
