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

/**
 * Polls until the database file alone holds `rows` rows. A checkpoint runs on another thread
 * meanwhile, so a copy may catch the file half written: such a copy does not open, and counts
 * as "not yet" (the store itself is never read that way).
 */
async function waitForRows(file: string, copy: string, rows: number): Promise<void> {
  const holds = () => {
    try {
      return rowsInFile(file, copy) === rows;
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_')) return false;
      throw error;
    }
  };
  for (let i = 0; i < 500; i++) {
    if (holds()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`the database file never held ${rows} rows`);
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

  it('checkpoints several commits at once, and the last ones once the store is quiet', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-checkpoint-'));
    const file = join(dir, 'c.db');
    const copy = join(dir, 'copy.db');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = writer.prepare('INSERT INTO t (body) VALUES (?)');
    const commit = (checkpointer: Checkpointer) => {
      writer.exec('BEGIN IMMEDIATE');
      insert.run('x'.repeat(500));
      writer.exec('COMMIT');
      checkpointer.committed();
    };
    // A quiet time no test waits for: only the commit count can ask for a checkpoint.
    const counting = new Checkpointer(
      writer,
      { file, busyTimeoutMs: 5000 },
      { commitsPerCheckpoint: 4, quietMs: 3_600_000 },
    );
    try {
      for (let i = 0; i < 32; i++) commit(counting); // the thread starts at the 32nd
      await counting.settled();
      assert.equal(rowsInFile(file, copy), 32);
      for (let i = 0; i < 3; i++) commit(counting);
      assert.equal(rowsInFile(file, copy), 32, 'three commits wait for a fourth');
      commit(counting);
      // The fourth commit asked for the checkpoint itself: settling only waits for it.
      await counting.settled();
      assert.equal(rowsInFile(file, copy), 36);
    } finally {
      await counting.stop();
    }
    const quiet = new Checkpointer(
      writer,
      { file, busyTimeoutMs: 5000 },
      { commitsPerCheckpoint: 1000, quietMs: 10 },
    );
    try {
      for (let i = 0; i < 33; i++) commit(quiet);
      await waitForRows(file, copy, 69);
      await quiet.settled();
      assert.equal(writer.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await quiet.stop();
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
