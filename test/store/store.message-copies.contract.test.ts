import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { forEachStore } from '../support/test-stores.js';

/** The copies of emails as sent, behind "view in browser": kept, replaced, dropped by age. */
forEachStore('store contract: message copies', (getStore: () => Store) => {
  const html = (n: number) => `<p>Hello ${n} “ünïcode”</p>` + '<td style="x">'.repeat(200);

  it('keeps a copy as given and finds it by message id', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.putMessageCopies([
        { messageId: 'm1', profileId: 'ada', sentAt: 1000, html: html(1) },
        { messageId: 'm2', profileId: 'bob', sentAt: 2000, html: html(2) },
      ]),
    );
    assert.deepEqual(await store.getMessageCopy('m1'), {
      messageId: 'm1',
      profileId: 'ada',
      sentAt: 1000,
      html: html(1),
    });
    assert.equal(await store.getMessageCopy('nope'), null);
  });

  it('replaces a copy of the same message; of two in one call the later wins', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.putMessageCopies([
        { messageId: 'm1', profileId: 'ada', sentAt: 1500, html: html(3) },
        { messageId: 'm1', profileId: 'ada', sentAt: 1600, html: html(4) },
      ]),
    );
    const copy = await store.getMessageCopy('m1');
    assert.equal(copy?.html, html(4));
    assert.equal(copy?.sentAt, 1600);
  });

  it('drops the copies sent before a time, and says how many', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.putMessageCopies([{ messageId: 'm3', profileId: 'cy', sentAt: 3000, html: html(5) }]),
    );
    assert.equal(await store.transaction((tx) => tx.deleteMessageCopiesBefore(2000)), 1);
    assert.equal(await store.getMessageCopy('m1'), null);
    assert.equal((await store.getMessageCopy('m2'))?.sentAt, 2000);
    assert.equal((await store.getMessageCopy('m3'))?.html, html(5));
    assert.equal(await store.transaction((tx) => tx.deleteMessageCopiesBefore(2000)), 0);
  });
});
