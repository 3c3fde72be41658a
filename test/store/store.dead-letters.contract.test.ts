/**
 * The store contract, continued: dead letters — events that passed validation but could not be
 * applied, kept for an admin to read (migration 010-dead-letters).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DeadLetter } from '../../src/store/store.js';
import { forEachStore } from '../support/test-stores.js';

const T0 = Date.UTC(2026, 0, 5, 9);

function letter(id: string, at: number, event: string): DeadLetter {
  return { id, messageId: `m-${id}`, at, error: `RangeError: broke on ${id}`, event };
}

forEachStore('store contract: dead letters', (getStore) => {
  it('keeps dead letters and lists them newest first, in pages', async () => {
    const store = getStore();
    assert.deepEqual(await store.listDeadLetters({ limit: 10 }), { items: [], next: null });
    // Text the databases are picky about: a NUL escape, a lone surrogate escape, quotes.
    const odd = JSON.stringify({ s: 'a\u0000b', t: '\ud800', q: `"'\\` });
    const letters = [
      letter('a', T0, '{"type":"track"}'),
      letter('b', T0 + 1000, odd),
      letter('c', T0 + 1000, '{}'),
      letter('d', T0 + 2000, 'not json at all'),
    ];
    await store.transaction((tx) => tx.addDeadLetters(letters.slice(0, 2)));
    await store.transaction((tx) => tx.addDeadLetters(letters.slice(2)));
    // Adding one again (a retried recording) changes nothing.
    await store.transaction((tx) => tx.addDeadLetters([letters[0]!]));

    const pages: DeadLetter[][] = [];
    let after: string | undefined;
    do {
      const page = await store.listDeadLetters({ limit: 3, after });
      pages.push(page.items);
      after = page.next ?? undefined;
    } while (after !== undefined);
    assert.deepEqual(
      pages.map((p) => p.map((l) => l.id)),
      [['d', 'c', 'b'], ['a']],
    );
    const b = pages[0]!.find((l) => l.id === 'b')!;
    assert.deepEqual(b, letters[1]);
    assert.deepEqual(JSON.parse(b.event), JSON.parse(odd));
  });

  it('writes nothing when the transaction rolls back', async () => {
    const store = getStore();
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.addDeadLetters([letter('rolled-back', T0, '{}')]);
        throw new Error('abort');
      }),
      /abort/,
    );
    const all = await store.listDeadLetters({ limit: 500 });
    assert.ok(!all.items.some((l) => l.id === 'rolled-back'));
  });
});
