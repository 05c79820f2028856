/**
 * Row counts for list headers, remembered for a short time. At a million products an exact COUNT(*) costs far
 * more than the page itself; a count up to `ttlMs` old is a good trade for X-Total-Count and product_count.
 *
 * `clear()` forgets every count and starts a new generation: a count that was being computed when the cache was
 * cleared (it may predate the write that cleared it) is not stored. `suspend()` stops caching altogether, for while
 * this process cannot hear other processes' invalidations.
 */
export class CountCache {
  private readonly entries = new Map<string, { value: number; expiresAt: number }>();
  private currentGeneration = 0;
  private suspended = false;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Pass it to `set` for a count computed from a read that started now. */
  get generation(): number {
    return this.currentGeneration;
  }

  get(key: string): number | undefined {
    if (this.suspended) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores a count, unless the cache was cleared since `since` (the generation when its read started). */
  set(key: string, value: number, since = this.currentGeneration): void {
    if (this.ttlMs <= 0 || this.suspended || since !== this.currentGeneration) return;
    this.entries.delete(key);
    // A Map iterates in insertion order, so the first key is the oldest entry.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  /** Returns the cached count, or runs `count` and remembers its result. */
  async remember(key: string, count: () => Promise<number>): Promise<number> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const since = this.currentGeneration;
    const value = await count();
    this.set(key, value, since);
    return value;
  }

  clear(): void {
    this.currentGeneration++;
    this.entries.clear();
  }

  /** Stops caching (every count goes to the database) until `resume()`. */
  suspend(): void {
    this.suspended = true;
    this.clear();
  }

  /** Caches again, from empty: invalidations may have been missed while suspended. */
  resume(): void {
    this.clear();
    this.suspended = false;
  }
}
