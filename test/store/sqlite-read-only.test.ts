import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

test('a read-only SQLite store reads a migrated file, writes nothing, and refuses an unmigrated one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-read-only-'));
  try {
    const file = join(dir, 'cairn.db');
    const store = SqliteStore.open({ file });
    await store.migrate();
    const reader = SqliteStore.open({ file, readOnly: true });
    assert.deepEqual(await reader.appliedMigrations(), await store.appliedMigrations());
    await assert.rejects(
      async () =>
        reader.team.addMember({
          email: 'a@example.com',
          role: 'admin',
          passwordHash: 'x',
          createdAt: 0,
        }),
      /readonly/,
    );
    await reader.close();
    await store.close();

    const bare = join(dir, 'bare.db');
    new Database(bare).close();
    assert.throws(() => SqliteStore.open({ file: bare, readOnly: true }), /migration/i);
    assert.throws(() => SqliteStore.open({ file: join(dir, 'none.db'), readOnly: true }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
