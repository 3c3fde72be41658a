/**
 * The SQLite writer's cache of committed profile and account documents: it never hides a change
 * another process committed to the same file, hands each document to one reader, and stays
 * bounded.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import { DocumentCache } from '../../src/store/sqlite/document-cache.js';
import { makeAccount, makeProfile } from '../support/store-fixtures.js';
import { selectedDialects } from '../support/test-stores.js';

const sqlite = selectedDialects().includes('sqlite');

describe('SQLite cached documents', { skip: !sqlite && 'SQLite not selected' }, () => {
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

describe('DocumentCache', () => {
  it('hands a document over once and keeps the most recently written up to its capacity', () => {
    const cache = new DocumentCache<{ v: string }>(4);
    const a = { v: 'A' };
    cache.put('a', a);
    assert.equal(cache.take('a'), a);
    assert.equal(cache.take('a'), undefined, 'taken: the reader owns it now');
    for (const id of ['a', 'b', 'c', 'd', 'b', 'e']) cache.put(id, { v: id });
    // Past its capacity, it kept the three most recently written.
    assert.deepEqual(
      ['a', 'c', 'd', 'b', 'e'].map((id) => cache.take(id)?.v),
      [undefined, undefined, 'd', 'b', 'e'],
    );
  });
});
