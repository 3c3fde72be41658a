/**
 * Real stores for tests, one per selected adapter: SQLite on a temp file, PostgreSQL in a fresh
 * schema of the test database. Never a mock: every test that uses these runs against the same
 * engines production uses.
 *
 *   CAIRN_TEST_STORES        sqlite | postgres | sqlite,postgres (default: both)
 *   CAIRN_TEST_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/postgres
 *
 * A selected PostgreSQL that cannot be reached fails the tests with a message saying so; it is
 * never skipped quietly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Clock } from '../../src/core/clock.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

export type Dialect = 'sqlite' | 'postgres';

export const TEST_DATABASE_URL =
  process.env.CAIRN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The adapters selected by CAIRN_TEST_STORES. */
export function selectedDialects(): Dialect[] {
  const raw = process.env.CAIRN_TEST_STORES ?? 'sqlite,postgres';
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (name !== 'sqlite' && name !== 'postgres') {
      throw new Error(`CAIRN_TEST_STORES: unknown store ${JSON.stringify(name)}`);
    }
  }
  return names as Dialect[];
}

export interface TestStore {
  dialect: Dialect;
  /** Migrated unless `migrate: false` was asked for. */
  store: Store;
  /** Another store on the same database, as a second process would open it. Closed by cleanup. */
  openAnother(): Promise<Store>;
  /**
   * Resolves once another transaction is waiting for the lock on `key`. On SQLite every
   * transaction waits for the single writer, so a transaction that has started is waiting.
   */
  lockWaiter(key: string): Promise<void>;
  /**
   * Every row of every table, read around the store (SQLite: another connection to the file;
   * PostgreSQL: the schema's tables), as `table: <row as JSON>` lines: what a test greps to show
   * a value is nowhere in the database.
   */
  rawRows(): Promise<string>;
  /** Closes every store opened here and deletes the database (file or schema). */
  cleanup(): Promise<void>;
}

export interface TestStoreOptions {
  migrate?: boolean;
  clock?: Clock;
}

export async function openTestStore(
  dialect: Dialect,
  options: TestStoreOptions = {},
): Promise<TestStore> {
  return dialect === 'sqlite' ? openSqlite(options) : openPostgres(options);
}

/**
 * Declares `describe('<name> [<dialect>]')` once per selected adapter, with a freshly migrated
 * store opened before its tests and removed after them.
 *
 *   forEachStore('users API', (getStore, t) => {
 *     it('finds a user', async () => { const store = getStore(); ... });
 *   });
 */
export function forEachStore(
  name: string,
  body: (getStore: () => Store, context: StoreContext) => void,
  options: TestStoreOptions = {},
): void {
  for (const dialect of selectedDialects()) {
    describe(`${name} [${dialect}]`, () => {
      let handle: TestStore | undefined;
      before(async () => {
        handle = await openTestStore(dialect, options);
      });
      after(async () => {
        await handle?.cleanup();
      });
      const current = () => {
        if (!handle)
          throw new Error(`the ${dialect} test store did not open (see the before hook)`);
        return handle;
      };
      body(() => current().store, {
        dialect,
        openAnother: () => current().openAnother(),
        lockWaiter: (key) => current().lockWaiter(key),
        rawRows: () => current().rawRows(),
      });
    });
  }
}

export interface StoreContext {
  dialect: Dialect;
  openAnother(): Promise<Store>;
  lockWaiter(key: string): Promise<void>;
  rawRows(): Promise<string>;
}

async function openSqlite(options: TestStoreOptions): Promise<TestStore> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-test-'));
  const file = join(dir, 'cairn.db');
  const open = () => openStore({ file, clock: options.clock });
  const stores: Store[] = [];
  const store = await open();
  stores.push(store);
  if (options.migrate !== false) await store.migrate();
  return {
    dialect: 'sqlite',
    store,
    async openAnother() {
      const another = await open();
      stores.push(another);
      return another;
    },
    lockWaiter: async () => {},
    async rawRows() {
      const db = new Database(file, { readonly: true });
      try {
        const tables = db
          .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
          .all();
        return tables
          .flatMap(({ name }) =>
            db
              .prepare(`SELECT * FROM "${name}"`)
              .all()
              .map((row) => `${name}: ${JSON.stringify(row)}`),
          )
          .join('\n');
      } finally {
        db.close();
      }
    },
    async cleanup() {
      for (const s of stores) await s.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(options: TestStoreOptions): Promise<TestStore> {
  const admin = await connectAdmin();
  const schema = `cairn_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const open = () => openStore({ databaseUrl: TEST_DATABASE_URL, schema, clock: options.clock });
  const stores: Store[] = [];
  try {
    const store = await open();
    stores.push(store);
    if (options.migrate !== false) await store.migrate();
    return {
      dialect: 'postgres',
      store,
      async openAnother() {
        const another = await open();
        stores.push(another);
        return another;
      },
      lockWaiter: (key) => waitForLockWaiter(admin, `${schema}:${key}`),
      async rawRows() {
        const { rows: tables } = await admin.query<{ name: string }>(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1',
          [schema],
        );
        const lines: string[] = [];
        for (const { name } of tables) {
          const { rows } = await admin.query<{ row: string }>(
            `SELECT row_to_json(t)::text AS row FROM "${schema}"."${name}" t`,
          );
          for (const { row } of rows) lines.push(`${name}: ${row}`);
        }
        return lines.join('\n');
      },
      async cleanup() {
        for (const s of stores) await s.close();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      },
    };
  } catch (error) {
    for (const s of stores) await s.close();
    await admin.end();
    throw error;
  }
}

/**
 * A whole new PostgreSQL database, for tests that hand a DATABASE_URL to a separate process
 * (which cannot be told about a schema). `drop` removes it, ending any session still on it.
 */
export async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = await connectAdmin();
  const name = `cairn_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = await connectAdmin();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function connectAdmin(): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(error as Error).message}). ` +
        'Start it, point CAIRN_TEST_DATABASE_URL at one, or run only the SQLite tests with ' +
        'CAIRN_TEST_STORES=sqlite.',
      { cause: error },
    );
  }
}

/** Polls pg_locks until a session waits for the advisory lock the store takes for `key`. */
async function waitForLockWaiter(admin: pg.Client, lockKey: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await admin.query(
      `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
         AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [lockKey],
    );
    if (rows.length) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no transaction started waiting for the lock on ${lockKey}`);
}
