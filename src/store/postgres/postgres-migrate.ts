import type pg from 'pg';
import { pendingMigrations, type Migration } from '../migration.js';

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS cairn_migrations (
  id text COLLATE "C" PRIMARY KEY,
  applied_at bigint NOT NULL
)`;

export async function appliedMigrationIds(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ ledger: string | null }>(
    "SELECT to_regclass('cairn_migrations')::text AS ledger",
  );
  if (!rows[0].ledger) return [];
  const applied = await client.query<{ id: string }>('SELECT id FROM cairn_migrations ORDER BY id');
  return applied.rows.map((r) => r.id);
}

/**
 * Runs the pending migrations in one transaction (PostgreSQL's DDL is transactional: a failing
 * migration leaves no trace). An advisory lock, held until COMMIT, makes two processes that
 * start together take turns: the second waits, then reads a ledger with nothing left to do.
 */
export async function runPostgresMigrations(
  client: pg.ClientBase,
  migrations: readonly Migration[],
  schema: string | undefined,
  now: number,
): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `cairn:migrate:${schema ?? ''}`,
    ]);
    // The connection's search_path already names the schema; it takes effect once it exists.
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(CREATE_LEDGER);
    const pending = pendingMigrations(migrations, await appliedMigrationIds(client));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO cairn_migrations (id, applied_at) VALUES ($1, $2)', [
        migration.id,
        now,
      ]);
    }
    await client.query('COMMIT');
    return pending.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
