/**
 * Migration 006-schedules fills `profile_zones` from the profiles already stored, so users who
 * came before schedule triggers are handed their schedule in their own zone.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import { postgresMigrations } from '../../src/store/postgres/migrations/index.js';
import { runPostgresMigrations } from '../../src/store/postgres/postgres-migrate.js';
import { sqliteMigrations } from '../../src/store/sqlite/migrations/index.js';
import { runSqliteMigrations } from '../../src/store/sqlite/sqlite-migrate.js';
import type { Store } from '../../src/store/store.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';

const BEFORE_SCHEDULES = 5;
const T = Date.UTC(2026, 0, 5);
/** Profiles as an older Cairn stored them: id, then the `timezone` trait (or none). */
const PROFILES: [string, unknown][] = [
  ['p-1', 'Asia/Tokyo'],
  ['p-2', undefined],
  ['p-3', 42],
  ['p-4', 'x'.repeat(100)],
  ['p-5', 'Europe/Paris'],
  ['p-6', 'Asia/Tokyo'],
];
const doc = (timezone: unknown) => JSON.stringify({ traits: { plan: 'pro', timezone }, state: {} });

async function expectBackfilled(store: Store): Promise<void> {
  await store.migrate();
  assert.deepEqual(await store.timeZonesInUse(), ['Asia/Tokyo', 'Europe/Paris']);
  const page = (zone: string) => store.transaction((tx) => tx.profilesInTimeZone(zone, null, 10));
  assert.deepEqual(await page('Asia/Tokyo'), ['p-1', 'p-6']);
  assert.deepEqual(await page(''), ['p-2', 'p-3', 'p-4']);
}

const dialects = selectedDialects();

describe('migration 006-schedules', () => {
  it('backfills SQLite profile zones', { skip: !dialects.includes('sqlite') }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-backfill-'));
    const file = join(dir, 'cairn.db');
    try {
      const db = new Database(file);
      runSqliteMigrations(db, sqliteMigrations.slice(0, BEFORE_SCHEDULES), T);
      const insert = db.prepare(
        `INSERT INTO profiles (id, user_id, email, name, first_seen, last_seen, updated_at, doc)
         VALUES (?, ?, NULL, NULL, ?, ?, ?, ?)`,
      );
      for (const [id, zone] of PROFILES) insert.run(id, id, T, T, T, doc(zone));
      db.close();
      const store = await openStore({ file });
      try {
        await expectBackfilled(store);
      } finally {
        await store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('backfills PostgreSQL profile zones', { skip: !dialects.includes('postgres') }, async () => {
    const database = await scratchDatabase();
    try {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await runPostgresMigrations(
          client,
          postgresMigrations.slice(0, BEFORE_SCHEDULES),
          undefined,
          T,
        );
        for (const [id, zone] of PROFILES) {
          await client.query(
            `INSERT INTO profiles (id, user_id, email, name, first_seen, last_seen, updated_at, doc)
             VALUES ($1, $1, NULL, NULL, $2, $2, $2, $3)`,
            [id, T, doc(zone)],
          );
        }
      } finally {
        await client.end();
      }
      const store = await openStore({ databaseUrl: database.url });
      try {
        await expectBackfilled(store);
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});
