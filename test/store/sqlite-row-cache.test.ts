/**
 * The SQLite writer's cache of committed profile and account rows: it never hides a change
 * another process committed to the same file, and it stays bounded.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import { RowCache } from '../../src/store/sqlite/row-cache.js';
import { makeAccount, makeProfile } from '../support/store-fixtures.js';
import { selectedDialects } from '../support/test-stores.js';

const sqlite = selectedDialects().includes('sqlite');

describe('SQLite cached rows', { skip: !sqlite && 'SQLite not selected' }, () => {
  it('reads what another process committed to the same file since', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-rows-'));
    const file = join(dir, 'cairn.db');
    const serve = await openStore({ file });
    const importer = await openStore({ file });
    try {
      await serve.migrate();
      await serve.transaction(async (tx) => {
        await tx.putProfiles([makeProfile('dana')]);
        await tx.putAccounts([makeAccount('acme')]);
      });
      // Read once through the writer, so both rows are cached there.
      await serve.transaction(async (tx) => {
        assert.equal((await tx.getProfiles(['dana'])).get('dana')?.traits.plan, 'pro');
        assert.equal((await tx.getAccounts(['acme'])).size, 1);
      });
      await importer.transaction(async (tx) => {
        const dana = (await tx.getProfiles(['dana'])).get('dana')!;
        const acme = (await tx.getAccounts(['acme'])).get('acme')!;
        await tx.putProfiles([{ ...dana, traits: { ...dana.traits, plan: 'team' } }]);
        await tx.putAccounts([{ ...acme, memberCount: 40 }]);
      });
      await serve.transaction(async (tx) => {
        assert.equal((await tx.getProfiles(['dana'])).get('dana')?.traits.plan, 'team');
        assert.equal((await tx.getAccounts(['acme'])).get('acme')?.memberCount, 40);
      });
    } finally {
      await importer.close();
      await serve.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('RowCache', () => {
  it('keeps the most recently used rows up to its capacity', () => {
    const cache = new RowCache<string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    assert.equal(cache.get('a'), 'A');
    cache.set('c', 'C');
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 'A');
    assert.equal(cache.get('c'), 'C');
  });
});
