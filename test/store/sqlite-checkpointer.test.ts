/**
 * The SQLite checkpointer: once a store is busy, WAL pages reach the database file through a
 * thread of its own instead of inside the writer's commits.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Checkpointer } from '../../src/store/sqlite/checkpointer.js';
import { selectedDialects } from '../support/test-stores.js';

const sqlite = selectedDialects().includes('sqlite');

/** Rows of `file` as the database file alone holds them, without its WAL. */
function rowsInFile(file: string, copy: string): number {
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('Checkpointer', { skip: !sqlite && 'SQLite not selected' }, () => {
  it('copies committed pages into the database file from its own thread', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-checkpoint-'));
    const file = join(dir, 'c.db');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const checkpointer = new Checkpointer(writer, { file, busyTimeoutMs: 5000 });
    const insert = writer.prepare('INSERT INTO t (body) VALUES (?)');
    try {
      for (let i = 0; i < 100; i++) {
        writer.exec('BEGIN IMMEDIATE');
        for (let k = 0; k < 20; k++) insert.run('x'.repeat(500));
        writer.exec('COMMIT');
        checkpointer.committed();
      }
      // The writer no longer checkpoints in its commits: the thread does.
      assert.equal(writer.pragma('wal_autocheckpoint', { simple: true }), 0);
      await checkpointer.settled();
      // One more commit asks for one more checkpoint, which covers everything committed.
      writer.exec('BEGIN IMMEDIATE');
      insert.run('last');
      writer.exec('COMMIT');
      checkpointer.committed();
      await checkpointer.settled();
      assert.equal(rowsInFile(file, join(dir, 'copy.db')), 2001);
    } finally {
      await checkpointer.stop();
      writer.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves a store with few commits to SQLite, without a thread', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-checkpoint-'));
    const file = join(dir, 'c.db');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    const checkpointer = new Checkpointer(writer, { file, busyTimeoutMs: 5000 });
    try {
      writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
      checkpointer.committed();
      assert.equal(writer.pragma('wal_autocheckpoint', { simple: true }), 1000);
    } finally {
      await checkpointer.stop();
      writer.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
