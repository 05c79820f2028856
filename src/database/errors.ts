/** The MySQL error number behind a Sequelize error, if any. */
export function errnoOf(error: unknown): number | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const errno: unknown = Reflect.get(current, 'errno');
    if (typeof errno === 'number') return errno;
    current =
      Reflect.get(current, 'parent') ?? Reflect.get(current, 'original') ?? Reflect.get(current, 'cause');
  }
  return undefined;
}

// ER_LOCK_DEADLOCK and ER_LOCK_WAIT_TIMEOUT: InnoDB rolled the work back, so running it again is safe.
const RETRYABLE_ERRNOS = new Set([1213, 1205]);
export const isRetryableTransactionError = (error: unknown): boolean => {
  const errno = errnoOf(error);
  return errno !== undefined && RETRYABLE_ERRNOS.has(errno);
};
