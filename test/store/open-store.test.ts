/**
 * Opening a store: the URL picks the adapter, and a query that no longer matches the schema
 * fails when the store opens rather than when it first runs.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import { TEST_DATABASE_URL, selectedDialects } from '../support/test-stores.js';

const dialects = selectedDialects();

describe('openStore', { skip: !dialects.includes('sqlite') && 'SQLite not selected' }, () => {
  it('opens SQLite from a file, a sqlite: URL or a file: URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-open-'));
    try {
      for (const options of [
        { file: join(dir, 'a.db') },
        { databaseUrl: `sqlite:${join(dir, 'b.db')}` },
        { databaseUrl: `file://${join(dir, 'c.db')}` },
      ]) {
        const store = await openStore(options);
        assert.equal(store.capabilities.dialect, 'sqlite');
        assert.ok((await store.migrate()) > 0);
        await store.close();
      }
      // The same file again: already migrated, usable at once.
      const again = await openStore({ databaseUrl: `sqlite:${join(dir, 'b.db')}` });
      assert.equal(await again.getSetting('x'), null);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails at open when a SQLite query does not match the schema', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-open-'));
    const file = join(dir, 'broken.db');
    try {
      const store = await openStore({ file });
      await store.migrate();
      await store.close();
      const raw = new Database(file);
      raw.exec('ALTER TABLE profiles RENAME COLUMN doc TO body');
      raw.close();
      await assert.rejects(openStore({ file }), /no such column: doc/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown synchronous mode', async () => {
    await assert.rejects(
      openStore({ file: ':memory:', synchronous: 'SOMETIMES' as 'FULL' }),
      /synchronous must be one of/,
    );
  });
});

describe(
  'openStore on PostgreSQL',
  {
    skip: !dialects.includes('postgres') && 'PostgreSQL not selected',
  },
  () => {
    it('opens PostgreSQL for postgres:// and postgresql:// URLs', async () => {
      const schema = `cairn_test_open_${process.pid}`;
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        const url = new URL(TEST_DATABASE_URL);
        for (const protocol of ['postgres:', 'postgresql:']) {
          url.protocol = protocol;
          const store = await openStore({ databaseUrl: url.toString(), schema });
          assert.equal(store.capabilities.dialect, 'postgres');
          await store.migrate();
          await store.close();
        }
        // A query that no longer matches the schema fails when the store opens.
        await admin.query(`ALTER TABLE "${schema}".profiles RENAME COLUMN doc TO body`);
        await assert.rejects(
          openStore({ databaseUrl: TEST_DATABASE_URL, schema }),
          /query cairn_\w+ does not prepare: column "doc" does not exist/,
        );
      } finally {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      }
    });

    it('rejects a schema name that is not a plain identifier', async () => {
      await assert.rejects(
        openStore({ databaseUrl: TEST_DATABASE_URL, schema: 'x; DROP TABLE y' }),
        /schema must be a lower-case SQL identifier/,
      );
    });
  },
);
