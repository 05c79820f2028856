/**
 * Row counts for list headers, remembered for a short time. At a million products an exact COUNT(*) costs far
 * more than the page itself; a count up to `ttlMs` old is a good trade for X-Total-Count and product_count.
 * Writes in this process drop the counts at once; other processes see them within `ttlMs`.
 */
export class CountCache {
  private readonly entries = new Map<string, { value: number; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): number | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: number): void {
    if (this.ttlMs <= 0) return;
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
    const value = await count();
    this.set(key, value);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
