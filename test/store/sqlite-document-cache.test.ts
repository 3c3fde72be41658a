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
import { DocumentCache, TxDocuments } from '../../src/store/sqlite/document-cache.js';
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
    assert.equal(cache.take('a')?.doc, a);
    assert.equal(cache.take('a'), undefined, 'taken: the reader owns it now');
    for (const id of ['a', 'b', 'c', 'd', 'b', 'e']) cache.put(id, { v: id });
    // Past its capacity, it kept the three most recently written.
    assert.deepEqual(
      ['a', 'c', 'd', 'b', 'e'].map((id) => cache.take(id)?.doc.v),
      [undefined, undefined, 'd', 'b', 'e'],
    );
  });

  it('keeps documents up to their weight in all, dropping the least recently used first', () => {
    // Capacity 100: past it, the oldest go until three quarters (75) are left.
    const cache = new DocumentCache<string>(100);
    cache.put('a', 'A', 30);
    cache.put('b', 'B', 30);
    cache.put('c', 'C', 30);
    assert.equal(cache.weight(), 90);
    // Taking one gives its weight back; putting it back makes it the most recent.
    assert.deepEqual(cache.take('a'), { doc: 'A', weight: 30 });
    assert.equal(cache.weight(), 60);
    cache.put('a', 'A', 30);
    // 120 > 100: b (30) and c (30) are the oldest; dropping b leaves 90, c leaves 60 <= 75.
    cache.put('d', 'D', 30);
    assert.equal(cache.weight(), 60);
    assert.deepEqual(
      ['b', 'c', 'a', 'd'].map((id) => cache.take(id)?.doc),
      [undefined, undefined, 'A', 'D'],
    );
    assert.equal(cache.weight(), 0);
  });

  it('replaces a document with its new weight, and keeps none heavier than the whole cache', () => {
    const cache = new DocumentCache<string>(100);
    cache.put('a', 'A1', 10);
    cache.put('a', 'A2', 50);
    assert.equal(cache.weight(), 50);
    cache.put('big', 'B', 101);
    assert.equal(cache.take('big'), undefined);
    assert.equal(cache.take('a')?.doc, 'A2');
    cache.put('a', 'A3', 20);
    cache.delete('a');
    assert.equal(cache.weight(), 0);
  });
});

describe('TxDocuments', () => {
  const loadFrom = (stored: Record<string, string>, loads: string[]) => (id: string) => {
    loads.push(id);
    return id in stored ? { doc: { v: stored[id]! }, weight: stored[id]!.length } : undefined;
  };

  it('gives back on commit what a transaction read and kept, with the weight it was read with', () => {
    const cache = new DocumentCache<{ v: string }>(100);
    const loads: string[] = [];
    const load = loadFrom({ a: 'AAAA', b: 'BB' }, loads);
    const tx = new TxDocuments(cache);
    const a = tx.read('a', load);
    tx.read('b', load);
    tx.keep('a');
    tx.keep('missing');
    tx.publish();
    assert.equal(cache.weight(), 4, 'a kept; b, read without keep, is not');
    const next = new TxDocuments(cache);
    assert.equal(next.read('a', load), a, 'the kept document, not read again');
    assert.equal(next.read('b', load)?.v, 'BB');
    assert.deepEqual(loads, ['a', 'b', 'b']);
  });

  it('keeps what a transaction wrote over what it read, and nothing of a transaction not published', () => {
    const cache = new DocumentCache<{ v: string }>(100);
    const load = loadFrom({ a: 'A' }, []);
    const tx = new TxDocuments(cache);
    tx.read('a', load);
    tx.keep('a');
    tx.write('a', { v: 'A2' }, 2);
    tx.publish();
    assert.deepEqual(cache.take('a'), { doc: { v: 'A2' }, weight: 2 });

    const failed = new TxDocuments(cache);
    failed.read('a', load);
    failed.keep('a');
    // A rollback: never published.
    assert.equal(cache.weight(), 0);
  });

  it('gives back what a caller reads after the commit once it is done, unless it changed meanwhile', async () => {
    const cache = new DocumentCache<{ v: string }>(100);
    const load = loadFrom({ a: 'A', b: 'B' }, []);
    let done!: () => void;
    const rendered = new Promise<void>((resolve) => (done = resolve));
    const tx = new TxDocuments(cache);
    const a = tx.read('a', load);
    tx.read('b', load);
    tx.keep('a', rendered);
    tx.keep('b', rendered);
    tx.publish();
    assert.equal(cache.weight(), 0, 'still the caller’s while it reads them');
    // Another transaction writes b in the meantime: the caller's b is older than SQLite's.
    const other = new TxDocuments(cache);
    other.read('b', load);
    other.write('b', { v: 'B2' }, 2);
    other.publish();
    done();
    await rendered;
    await Promise.resolve();
    assert.equal(cache.take('a')?.doc, a);
    assert.deepEqual(cache.take('b'), { doc: { v: 'B2' }, weight: 2 });
  });
});
