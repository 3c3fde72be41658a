import type { Database } from 'better-sqlite3';

/**
 * The schema as SQLite itself records it (`sqlite_master`), tables first, in a stable order.
 * `schema.sql` in this folder is this text, committed; a test compares the two, so a migration
 * that changes the schema without the dump being regenerated fails CI.
 */
export function dumpSqliteSchema(db: Database): string {
  const rows = db
    .prepare<[], { sql: string }>(
      `SELECT sql FROM sqlite_master
       WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
       ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, name`,
    )
    .all();
  return rows.map((r) => r.sql.trim() + ';\n').join('\n');
}
