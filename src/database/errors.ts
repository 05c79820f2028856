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
