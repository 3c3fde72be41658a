import type { Clock } from '../core/clock.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /**
   * `postgres://…` or `postgresql://…` opens PostgreSQL; anything else names a SQLite file
   * (a `file:` or `sqlite:` prefix is allowed). Callers pass `process.env.DATABASE_URL` here:
   * the store itself reads no environment.
   */
  databaseUrl?: string;
  /** SQLite file, when no databaseUrl is given. Default `./cairn.db`. */
  file?: string;
  /** PostgreSQL: keep the tables in this schema. */
  schema?: string;
  /** PostgreSQL: connections at most (default 10). */
  poolSize?: number;
  /** SQLite: FULL (default), NORMAL, OFF or EXTRA; see SqliteStoreOptions. */
  synchronous?: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  /** SQLite: how long to wait for another process's lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** SQLite: the WAL size past which it is checkpointed in full and truncated (128 MB). */
  walLimitBytes?: number;
  /** SQLite: the page cache per connection (32 MB). */
  pageCacheBytes?: number;
  /** SQLite: the writer's cached documents, by their JSON's length (24 MB). */
  documentCacheBytes?: number;
  clock?: Clock;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Opens the store the options describe, without migrating (call `migrate()`; a store whose
 * schema is behind refuses queries with a message saying so). Adapters are loaded on demand,
 * so a PostgreSQL deployment never loads the SQLite native module and vice versa.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const url = options.databaseUrl?.trim();
  if (url && POSTGRES_URL.test(url)) {
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    return PostgresStore.open({
      connectionString: url,
      schema: options.schema,
      poolSize: options.poolSize,
      clock: options.clock,
    });
  }
  const { SqliteStore } = await import('./sqlite/sqlite-store.js');
  return SqliteStore.open({
    file: url ? url.replace(/^(sqlite|file):(\/\/)?/i, '') : options.file,
    synchronous: options.synchronous,
    busyTimeoutMs: options.busyTimeoutMs,
    walLimitBytes: options.walLimitBytes,
    pageCacheBytes: options.pageCacheBytes,
    documentCacheBytes: options.documentCacheBytes,
    clock: options.clock,
  });
}
