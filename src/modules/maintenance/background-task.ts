export interface BackgroundTask {
  /** Cancels the timer, asks a run in progress to stop and waits for it to end. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs` without keeping the process alive. A tick that finds the previous run still going
 * is skipped, so runs never overlap however slow the database is; a failed run goes to `onError` and the next tick
 * runs as usual.
 */
export function repeatInBackground(
  task: (signal: AbortSignal) => Promise<void>,
  intervalMs: number,
  onError: (error: unknown) => void,
): BackgroundTask {
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running !== undefined) return;
    running = task(controller.signal)
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      controller.abort();
      await running;
    },
  };
}
