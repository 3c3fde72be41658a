import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/open-store.js';

function pageSize(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe('SQLite page size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-page-size-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a new database with 8 KB pages', async () => {
    const file = join(dir, 'new.db');
    const store = await openStore({ file });
    await store.migrate();
    await store.close();
    assert.equal(pageSize(file), 8192);
  });

  it('leaves an existing database with the page size it was made with, and readable', async () => {
    const file = join(dir, 'old.db');
    const raw = new Database(file);
    raw.pragma('page_size = 4096');
    raw.pragma('journal_mode = WAL');
    raw.exec("CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('x')");
    raw.close();
    const store = await openStore({ file });
    await store.migrate();
    assert.equal(await store.countEvents(), 0);
    await store.close();
    assert.equal(pageSize(file), 4096);
    const check = new Database(file, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(check.prepare('SELECT v FROM kept').all(), [{ v: 'x' }]);
    check.close();
  });
});
