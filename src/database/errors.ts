const MAX_CAUSE_DEPTH = 5;

/**
 * The error and the errors it wraps, outermost first. Sequelize keeps the driver's error in `parent` (and the same
 * object again in `original`); ES2022 errors use `cause`. Bounded, so a cycle cannot loop forever.
 */
export function causeChainOf(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < MAX_CAUSE_DEPTH && !chain.includes(current)) {
    chain.push(current);
    current =
      Reflect.get(current, 'parent') ?? Reflect.get(current, 'original') ?? Reflect.get(current, 'cause');
  }
  return chain;
}

/** The MySQL error number behind a Sequelize error, if any. */
export function errnoOf(error: unknown): number | undefined {
  for (const link of causeChainOf(error)) {
    const errno: unknown = Reflect.get(link, 'errno');
    if (typeof errno === 'number') return errno;
  }
  return undefined;
}

const ER_LOCK_DEADLOCK = 1213;

/** InnoDB chose this transaction as a deadlock victim and rolled it back: running it again is safe. */
export const isDeadlock = (error: unknown): boolean => errnoOf(error) === ER_LOCK_DEADLOCK;
