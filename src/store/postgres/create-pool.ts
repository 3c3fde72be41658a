import pg from 'pg';

export interface PoolOptions {
  connectionString: string;
  /** All of Cairn's tables live in this schema (default: the server's search_path). */
  schema?: string;
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `schema must be a lower-case SQL identifier (letters, digits, _), got ${JSON.stringify(schema)}`,
    );
  }
  return schema;
}

/** Times and seqs are bigint; epoch milliseconds and row counts stay far below 2^53, so they
 * can be plain numbers instead of node-postgres's default strings. */
const int8 = (value: string) => Number(value);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? int8
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    // Fail instead of hanging when the server is unreachable or out of connections.
    connectionTimeoutMillis: 10_000,
    types,
    // Set per connection at start-up, so every query, prepared or not, resolves the schema's
    // tables without a schema prefix in the SQL.
    options: options.schema ? `-c search_path=${checkSchemaName(options.schema)}` : undefined,
  });
  // An idle connection that the server drops emits 'error' on the pool; unhandled, that would
  // end the process. The pool discards the connection and the next query opens a new one.
  pool.on('error', () => {});
  return pool;
}
