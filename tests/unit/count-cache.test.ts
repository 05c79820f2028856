import { CountCache } from '../../src/shared/count-cache';

describe('CountCache', () => {
  test('remembers a count until it expires, then counts again', async () => {
    let now = 1_000;
    const cache = new CountCache(5_000, 10, () => now);
    let calls = 0;
    const count = () => Promise.resolve(++calls * 10);
    expect(await cache.remember('products', count)).toBe(10);
    now += 4_999;
    expect(await cache.remember('products', count)).toBe(10);
    now += 1;
    expect(await cache.remember('products', count)).toBe(20);
    expect(calls).toBe(2);
  });

  test('keeps at most maxEntries, dropping the oldest', () => {
    const cache = new CountCache(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
    expect(cache.get('c')).toBe(3);
  });

  test('clear() forgets everything; a TTL of 0 never caches', async () => {
    const cache = new CountCache(60_000);
    cache.set('a', 1);
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
    const off = new CountCache(0);
    off.set('a', 1);
    expect(off.get('a')).toBeUndefined();
    let calls = 0;
    await off.remember('a', () => Promise.resolve(++calls));
    await off.remember('a', () => Promise.resolve(++calls));
    expect(calls).toBe(2);
  });

  test('a count whose read started before a clear() is not stored: it may predate the write', async () => {
    const cache = new CountCache(60_000);
    let finish: (value: number) => void = () => undefined;
    const pending = cache.remember('products', () => new Promise<number>((resolve) => (finish = resolve)));
    cache.clear();
    finish(41);
    expect(await pending).toBe(41);
    expect(cache.get('products')).toBeUndefined();
    expect(await cache.remember('products', () => Promise.resolve(42))).toBe(42);
    expect(cache.get('products')).toBe(42);
  });

  test('suspend() counts every time; resume() caches again from empty', async () => {
    const cache = new CountCache(60_000);
    cache.set('a', 1);
    cache.suspend();
    expect(cache.get('a')).toBeUndefined();
    let calls = 0;
    await cache.remember('b', () => Promise.resolve(++calls));
    await cache.remember('b', () => Promise.resolve(++calls));
    expect(calls).toBe(2);
    cache.resume();
    await cache.remember('b', () => Promise.resolve(++calls));
    await cache.remember('b', () => Promise.resolve(++calls));
    expect(calls).toBe(3);
  });
});
