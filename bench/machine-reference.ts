/**
 * The machine's own speed, for reading the ingest targets: a bare SQLite insert of an event plus
 * an upsert of its user's row, random text keys (UUIDs), 20,000 users, 1,000 rows per
 * transaction, WAL — no Cairn code at all. The ingest targets were set on a machine where this
 * runs at about 40,000 rows/s; on a slower one they scale with it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export function bareInsertAndUpsertRate(count: number, users: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-reference-'));
  const db = new Database(join(dir, 'reference.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE events (id TEXT PRIMARY KEY, user_id TEXT, name TEXT, at INTEGER, props TEXT);
      CREATE TABLE profiles (id TEXT PRIMARY KEY, events INTEGER, last INTEGER, doc TEXT);`);
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
    const upsert = db.prepare(
      `INSERT INTO profiles VALUES (?, 1, ?, ?) ON CONFLICT (id) DO UPDATE
         SET events = events + 1, last = excluded.last, doc = excluded.doc`,
    );
    const rows = Array.from({ length: count }, (_, i) => [
      randomUUID(),
      `user-${(i * 7919) % users}`,
      'Task Created',
      Date.UTC(2026, 0, 5) + i,
      JSON.stringify({ projectId: `p-${i % 1000}`, size: i % 100, source: 'web' }),
    ]);
    const write = db.transaction((chunk: unknown[][]) => {
      for (const row of chunk) {
        insert.run(row);
        upsert.run(row[1], row[3], row[4]);
      }
    });
    const started = performance.now();
    for (let i = 0; i < count; i += 1000) write(rows.slice(i, i + 1000));
    return count / ((performance.now() - started) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
