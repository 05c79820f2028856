declare module 'named-placeholders' {
  /** `:name` placeholders to `?` and the values in their order (arrays stay whole, for IN lists). */
  type ToPositional = (sql: string, values: Record<string, unknown>) => [string, unknown[]];

  /** A converter that keeps the parse of each statement text it has seen (an LRU cache). */
  export default function namedPlaceholders(options?: { cache?: { maxSize: number } | false }): ToPositional;
}
