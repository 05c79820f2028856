import { repeatInBackground } from '../../src/modules/maintenance/background-task';

/** A task whose runs end only when the test says so, counting how many run at once. */
function controllableTask() {
  const state = { started: 0, active: 0, mostAtOnce: 0, signals: [] as AbortSignal[] };
  const finishers: Array<(error?: Error) => void> = [];
  const task = (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      state.started++;
      state.active++;
      state.mostAtOnce = Math.max(state.mostAtOnce, state.active);
      state.signals.push(signal);
      finishers.push((error) => {
        state.active--;
        if (error) reject(error);
        else resolve();
      });
    });
  const finish = async (error?: Error) => {
    finishers.shift()?.(error);
    // Let the task's promise chain settle before the next tick.
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { state, task, finish };
}

describe('repeatInBackground', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  test('runs the task on every tick, and never while the previous run is still going', async () => {
    const { state, task, finish } = controllableTask();
    const background = repeatInBackground(task, 1_000, () => undefined);

    jest.advanceTimersByTime(999);
    expect(state.started).toBe(0);
    jest.advanceTimersByTime(1);
    expect(state.started).toBe(1);
    jest.advanceTimersByTime(5_000);
    expect(state.started).toBe(1);

    await finish();
    jest.advanceTimersByTime(1_000);
    expect(state.started).toBe(2);
    expect(state.mostAtOnce).toBe(1);
    await finish();
    await background.stop();
  });

  test('a failed run is reported and the next tick runs again', async () => {
    const { state, task, finish } = controllableTask();
    const errors: unknown[] = [];
    const background = repeatInBackground(task, 1_000, (error) => errors.push(error));

    jest.advanceTimersByTime(1_000);
    await finish(new Error('database gone'));
    expect(errors).toEqual([new Error('database gone')]);
    jest.advanceTimersByTime(1_000);
    expect(state.started).toBe(2);
    await finish();
    await background.stop();
  });

  test('stop() aborts the run in progress, waits for it, and no tick follows', async () => {
    const { state, task, finish } = controllableTask();
    const background = repeatInBackground(task, 1_000, () => undefined);
    jest.advanceTimersByTime(1_000);

    let stopped = false;
    const stopping = background.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(state.signals[0]?.aborted).toBe(true);
    expect(stopped).toBe(false);
    await finish();
    await stopping;
    expect(stopped).toBe(true);
    jest.advanceTimersByTime(10_000);
    expect(state.started).toBe(1);
  });

  test('its timer does not keep the process alive', () => {
    const spy = jest.spyOn(global, 'setInterval');
    const background = repeatInBackground(
      () => Promise.resolve(),
      1_000,
      () => undefined,
    );
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    spy.mockRestore();
    void background.stop();
  });
});
