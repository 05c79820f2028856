import {
  FIRST_RESTART_DELAY_MS,
  MAX_RESTART_DELAY_MS,
  STABLE_UPTIME_MS,
  restartDelayMs,
} from '../../src/cluster';

describe('restartDelayMs', () => {
  test('the first restart waits 1 s, and each quick death after it doubles the wait up to 30 s', () => {
    const waits: number[] = [];
    let wait = 0;
    for (let death = 0; death < 8; death++) {
      wait = restartDelayMs(wait, 500);
      waits.push(wait);
    }
    expect(FIRST_RESTART_DELAY_MS).toBe(1_000);
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(Math.max(...waits)).toBe(MAX_RESTART_DELAY_MS);
  });

  test('a worker that stayed up 60 s was healthy: the wait starts over at 1 s', () => {
    expect(restartDelayMs(30_000, STABLE_UPTIME_MS)).toBe(1_000);
    expect(restartDelayMs(30_000, STABLE_UPTIME_MS - 1)).toBe(30_000);
  });
});
