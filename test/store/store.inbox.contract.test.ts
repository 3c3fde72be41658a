/**
 * The store contract, continued: the in-app inbox — a user's delivered in-app messages from the
 * delivery log, with when they were read and dismissed (migration 004-inapp).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { InboxQuery, MessageRecord, Store } from '../../src/store/store.js';
import { forEachStore } from '../support/test-stores.js';
import { HOUR, T0, makeMessage } from './journey-fixtures.js';

/** A delivered in-app message of `profileId`, sent `hours` after T0. */
function delivered(id: string, profileId: string, hours: number): MessageRecord {
  return makeMessage(id, {
    profileId,
    channel: 'inapp',
    template: 'tip',
    state: 'sent',
    attempts: 1,
    providerId: 'inbox',
    dueAt: null,
    sentAt: T0 + hours * HOUR,
    updatedAt: T0 + hours * HOUR,
  });
}

async function inboxIds(store: Store, profileId: string, query: Partial<InboxQuery> = {}) {
  const out: string[][] = [];
  let after: string | undefined;
  do {
    const page = await store.listInbox(profileId, { limit: 2, ...query, after });
    out.push(page.items.map((m) => m.id));
    after = page.next ?? undefined;
  } while (after !== undefined);
  return out;
}

forEachStore('store contract: in-app inbox', (getStore) => {
  it('lists a user’s delivered in-app messages, newest delivery first, in pages', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.insertMessages([
        delivered('a', 'ines', 1),
        // Created first, delivered last (a deferred message): delivery time orders the inbox.
        { ...delivered('b', 'ines', 5), createdAt: T0 - HOUR },
        delivered('c', 'ines', 3),
        delivered('same-time-1', 'ines', 2),
        delivered('same-time-2', 'ines', 2),
        // Not in her inbox: an email, an in-app message not delivered yet, another user's.
        { ...delivered('email', 'ines', 4), channel: 'email' },
        { ...delivered('queued', 'ines', 4), state: 'queued', sentAt: null, dueAt: T0 },
        { ...delivered('held', 'ines', 4), state: 'held_out', sentAt: null },
        delivered('other', 'omar', 4),
      ]),
    );
    assert.deepEqual(await inboxIds(store, 'ines'), [
      ['b', 'c'],
      ['same-time-2', 'same-time-1'],
      ['a'],
    ]);
    const [first] = (await store.listInbox('ines', { limit: 1 })).items;
    assert.deepEqual(first, {
      ...delivered('b', 'ines', 5),
      createdAt: T0 - HOUR,
      readAt: null,
      dismissedAt: null,
    });
    assert.equal(await store.countUnread('ines'), 5);
    assert.deepEqual((await store.listInbox('nobody', { limit: 5 })).items, []);
    assert.equal(await store.countUnread('nobody'), 0);
  });

  it('marks read and dismissed once, keeps the first time, and counts what is unread', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.insertMessages([
        delivered('r1', 'rosa', 1),
        delivered('r2', 'rosa', 2),
        delivered('r3', 'rosa', 3),
      ]),
    );
    const read = await store.transaction((tx) =>
      tx.markInboxMessage('rosa', 'r1', 'read', T0 + 10),
    );
    assert.deepEqual(read, { ...delivered('r1', 'rosa', 1), readAt: T0 + 10, dismissedAt: null });
    const again = await store.transaction((tx) =>
      tx.markInboxMessage('rosa', 'r1', 'read', T0 + 20),
    );
    assert.equal(again?.readAt, T0 + 10);
    assert.equal(await store.countUnread('rosa'), 2);

    // Dismissing marks read too; a dismissed message leaves the inbox unless asked for.
    const dismissed = await store.transaction((tx) =>
      tx.markInboxMessage('rosa', 'r2', 'dismissed', T0 + 30),
    );
    assert.equal(dismissed?.readAt, T0 + 30);
    assert.equal(dismissed?.dismissedAt, T0 + 30);
    const later = await store.transaction((tx) =>
      tx.markInboxMessage('rosa', 'r1', 'dismissed', T0 + 40),
    );
    assert.deepEqual([later?.readAt, later?.dismissedAt], [T0 + 10, T0 + 40]);
    assert.equal(await store.countUnread('rosa'), 1);
    assert.deepEqual(await inboxIds(store, 'rosa'), [['r3']]);
    assert.deepEqual(await inboxIds(store, 'rosa', { includeDismissed: true }), [
      ['r3', 'r2'],
      ['r1'],
    ]);
  });

  it('marks only the user’s own delivered in-app messages', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.insertMessages([
        delivered('t1', 'tom', 1),
        { ...delivered('t-email', 'tom', 1), channel: 'email' },
        { ...delivered('t-queued', 'tom', 1), state: 'queued', sentAt: null },
      ]),
    );
    for (const [user, id] of [
      ['eve', 't1'],
      ['tom', 't-email'],
      ['tom', 't-queued'],
      ['tom', 'none'],
    ]) {
      const marked = await store.transaction((tx) => tx.markInboxMessage(user, id, 'read', T0));
      assert.equal(marked, null, `${user} ${id}`);
    }
    assert.equal(await store.countUnread('tom'), 1);
  });

  it('keeps read flags when the delivery worker rewrites a message, and moves them on a merge', async () => {
    const store = getStore();
    const message = delivered('v1', 'anon:visitor', 1);
    await store.transaction((tx) => tx.insertMessages([message]));
    await store.transaction((tx) => tx.markInboxMessage('anon:visitor', 'v1', 'read', T0 + 5));
    await store.transaction((tx) => tx.updateMessages([{ ...message, updatedAt: T0 + 6 }]));
    await store.transaction((tx) => tx.reassignMessages('anon:visitor', 'vera'));
    const [moved] = (await store.listInbox('vera', { limit: 5 })).items;
    assert.deepEqual([moved?.id, moved?.readAt, moved?.updatedAt], ['v1', T0 + 5, T0 + 6]);
    assert.equal(await store.countUnread('vera'), 0);
  });
});
