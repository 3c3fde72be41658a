import type { Database } from 'better-sqlite3';
import { pendingMigrations, type Migration } from '../migration.js';

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS cairn_migrations (
  id TEXT PRIMARY KEY,
  applied_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID`;

export function appliedMigrationIds(db: Database): string[] {
  const ledger = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cairn_migrations'")
    .get();
  if (!ledger) return [];
  return db
    .prepare<[], { id: string }>('SELECT id FROM cairn_migrations ORDER BY id')
    .all()
    .map((r) => r.id);
}

/**
 * Runs the pending migrations in one IMMEDIATE transaction: it takes the write lock before it
 * reads the ledger, so a second process starting at the same moment waits, then finds nothing
 * left to do. A failing migration rolls back whole, leaving the schema as it was.
 */
export function runSqliteMigrations(
  db: Database,
  migrations: readonly Migration[],
  now: number,
): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(CREATE_LEDGER);
    const pending = pendingMigrations(migrations, appliedMigrationIds(db));
    const record = db.prepare('INSERT INTO cairn_migrations (id, applied_at) VALUES (?, ?)');
    for (const migration of pending) {
      db.exec(migration.sql);
      record.run(migration.id, now);
    }
    db.exec('COMMIT');
    return pending.length;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
