declare module 'named-placeholders' {
  /** `:name` placeholders to `?` and the values in their order (arrays stay whole, for IN lists). */
  type ToPositional = (sql: string, values: Record<string, unknown>) => [string, unknown[]];

  /** A converter that keeps the parse of the last `cache` statement texts it has seen (100 by default). */
  export default function namedPlaceholders(options?: { cache?: number | false }): ToPositional;
}
