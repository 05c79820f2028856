import { sequelize } from './sequelize';

interface CallbackConnection {
  query(
    options: { sql: string; values: Record<string, unknown>; namedPlaceholders: boolean },
    callback: (error: Error | null, rows: unknown) => void,
  ): void;
}

function isCallbackConnection(value: unknown): value is CallbackConnection {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'query') === 'function';
}

/** Sequelize's logging hook, kept working for reads that go around its Query class (the statement-count test). */
function logStatement(sql: string): void {
  const options: unknown = Reflect.get(sequelize, 'options');
  const logging: unknown =
    typeof options === 'object' && options !== null ? Reflect.get(options, 'logging') : undefined;
  if (typeof logging === 'function') (logging as (sql: string) => void)(sql);
}

/**
 * A read on a connection from Sequelize's own pool, run by mysql2 directly. The hot read paths (product list and
 * detail, stock level) spent 12% of the server's CPU in Sequelize's query machinery (profiled with
 * node --cpu-prof); the pool, its sql_mode and its connection errors (503) stay Sequelize's.
 */
export async function selectRows<T>(sql: string, values: Record<string, unknown> = {}): Promise<T[]> {
  const pooled = await sequelize.connectionManager.getConnection({ type: 'read' });
  try {
    const connection: unknown = pooled;
    if (!isCallbackConnection(connection)) throw new Error('unexpected connection type');
    logStatement(sql);
    return await new Promise<T[]>((resolve, reject) => {
      connection.query({ sql, values, namedPlaceholders: true }, (error, rows) => {
        if (error) reject(error);
        else resolve(rows as T[]);
      });
    });
  } finally {
    sequelize.connectionManager.releaseConnection(pooled);
  }
}
