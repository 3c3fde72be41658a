/**
 * The store contract, continued: what data-subject rights and retention need — a profile's
 * events in log order, erasing every row held under one profile id (and nothing of anyone else),
 * the address suppression list, the erasure log, dropping old events, and finding profiles whose
 * state was never derived.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ErasureRecord, Store } from '../../src/store/store.js';
import { makeAccount, makeEvent, makeProfile } from '../support/store-fixtures.js';
import { forEachStore } from '../support/test-stores.js';
import { makeConsent, makeMessage, makeRun, T0 } from './journey-fixtures.js';

/** Everything one profile has in the store, written through the port. */
async function seedUser(store: Store, id: string, n: number) {
  await store.transaction(async (tx) => {
    await tx.putProfiles([
      makeProfile(id, { traits: { email: `${id}@acme.test` }, accounts: ['acme'] }),
    ]);
    await tx.putAliases([{ fromId: `anon:${id}-visitor`, profileId: id }]);
    await tx.insertEvents(
      [0, 1, 2].map((i) =>
        makeEvent(n + i, { messageId: `${id}-e${i}`, userId: id, profileId: id }),
      ),
    );
    await tx.insertMessages([
      makeMessage(`${id}-mail`, { profileId: id }),
      makeMessage(`${id}-inapp`, { profileId: id, channel: 'inapp', state: 'sent', sentAt: T0 }),
    ]);
    await tx.createRuns([makeRun(`${id}-run`, { userId: id })]);
    await tx.putConsents([makeConsent(id, { unsubscribedTopics: ['news'] })]);
    await tx.addMemberships([{ accountId: 'acme', profileId: id, joinedAt: T0 }]);
    await tx.setStateTimers([{ profileId: id, dueAt: T0 + n }]);
    await tx.updateSegmentMembers([{ segment: 'active', profileId: id, enteredAt: T0 }]);
    await tx.setProfileTimeZones([{ profileId: id, timeZone: 'Europe/Paris' }]);
  });
  await store.transaction((tx) => tx.markInboxMessage(id, `${id}-inapp`, 'read', T0 + 1));
}

/** What the store's reads show of a profile: every listing by profile id. */
async function holdings(store: Store, id: string) {
  const page = { limit: 50 };
  return {
    profile: await store.getProfile(id),
    resolves: await store.resolveProfileId(`anon:${id}-visitor`),
    aliases: await store.aliasesOf(id),
    events: (await store.profileEvents(id, 0, 50)).map((e) => e.messageId),
    messages: (await store.listMessages({ profileId: id }, page)).items.map((m) => m.id),
    inbox: (await store.listInbox(id, { ...page, includeDismissed: true })).items.map((m) => m.id),
    runs: (await store.listRuns({ profileId: id }, page)).items.map((r) => r.id),
    consent: (await store.getConsent(id))?.unsubscribedTopics ?? null,
    members: (await store.accountMembers('acme', page)).items
      .map((m) => m.profileId)
      .filter((p) => p === id),
    segment: (await store.segmentMembers('active', page)).items
      .map((m) => m.profileId)
      .filter((p) => p === id),
  };
}

forEachStore('store contract: user data', (getStore, context) => {
  describe('profile events', () => {
    it("pages a profile's events in log order, internal ones included", async () => {
      const store = getStore();
      await store.transaction((tx) =>
        tx.insertEvents([
          makeEvent(100, { messageId: 'pe-1', profileId: 'pe' }),
          makeEvent(101, { messageId: 'other', profileId: 'someone-else' }),
          makeEvent(99, { messageId: 'pe-2', profileId: 'pe', source: 'internal' }),
          makeEvent(102, { messageId: 'pe-3', profileId: 'pe' }),
        ]),
      );
      const first = await store.profileEvents('pe', 0, 2);
      assert.deepEqual(
        first.map((e) => e.messageId),
        ['pe-1', 'pe-2'],
      );
      assert.deepEqual(first[0], {
        ...makeEvent(100, { messageId: 'pe-1', profileId: 'pe' }),
        seq: first[0].seq,
      });
      const rest = await store.profileEvents('pe', first[1].seq, 2);
      assert.deepEqual(
        rest.map((e) => e.messageId),
        ['pe-3'],
      );
      const inTx = await store.transaction((tx) => tx.profileEvents('pe', 0, 10));
      assert.deepEqual(
        inTx.map((e) => e.messageId),
        ['pe-1', 'pe-2', 'pe-3'],
      );
    });
  });

  describe('erasure', () => {
    it('deletes every row under the profile id and nothing of another user', async () => {
      const store = getStore();
      await store.transaction((tx) => tx.putAccounts([makeAccount('acme', { memberCount: 2 })]));
      await seedUser(store, 'erin', 200);
      await seedUser(store, 'kept', 300);
      const keptBefore = await holdings(store, 'kept');
      assert.equal((await holdings(store, 'erin')).events.length, 3);
      assert.deepEqual(await store.aliasesOf('erin'), ['anon:erin-visitor']);

      const rows = await store.transaction((tx) => tx.eraseProfile('erin'));
      assert.deepEqual(rows, {
        profiles: 1,
        aliases: 1,
        events: 3,
        messages: 2,
        runs: 1,
        consents: 1,
        memberships: 1,
      });
      assert.deepEqual(await holdings(store, 'erin'), {
        profile: null,
        resolves: null,
        aliases: [],
        events: [],
        messages: [],
        inbox: [],
        runs: [],
        consent: null,
        members: [],
        segment: [],
      });
      assert.deepEqual(await holdings(store, 'kept'), keptBefore);
      // The state timer and the time zone went too: only the other user's remain.
      assert.equal(await store.nextStateTimer(), T0 + 300);
      assert.deepEqual(
        await store.transaction((tx) => tx.profilesInTimeZone('Europe/Paris', null, 10)),
        ['kept'],
      );
      // A profile read in the same transaction is gone (the SQLite writer caches documents).
      const reread = await store.transaction(async (tx) => {
        await tx.eraseProfile('kept');
        return tx.getProfiles(['kept']);
      });
      assert.equal(reread.size, 0);
      assert.equal(await store.getProfile('kept'), null);
      assert.doesNotMatch(await context.rawRows(), /erin|kept@acme/);
      // Erasing what is not there deletes nothing.
      assert.deepEqual(
        Object.values(await store.transaction((tx) => tx.eraseProfile('erin'))),
        [0, 0, 0, 0, 0, 0, 0],
      );
    });
  });

  describe('address suppression list', () => {
    it('adds hashes once and answers which of a set are listed', async () => {
      const store = getStore();
      const at = (addressHash: string, createdAt: number) => ({
        addressHash,
        reason: 'erased',
        createdAt,
      });
      await store.transaction(async (tx) => {
        await tx.suppressAddresses([at('h1', 1), at('h2', 2)]);
        await tx.suppressAddresses([at('h1', 3)]);
        await tx.suppressAddresses([]);
      });
      assert.deepEqual([...(await store.suppressedAddresses(['h0', 'h1', 'h2']))].sort(), [
        'h1',
        'h2',
      ]);
      assert.deepEqual([...(await store.suppressedAddresses([]))], []);
      const inTx = await store.transaction((tx) => tx.suppressedAddresses(['h2', 'h3']));
      assert.deepEqual([...inTx], ['h2']);
      assert.match(await context.rawRows(), /suppressed_addresses: .*"h1".*"erased".*1\b/);
    });
  });

  describe('erasure log', () => {
    it('records erasures and lists them newest first, page by page', async () => {
      const store = getStore();
      const record = (id: string, erasedAt: number): ErasureRecord => ({
        id,
        erasedAt,
        subjectHash: `hash-${id}`,
        actor: 'cli',
        rows: {
          profiles: 1,
          aliases: 0,
          events: erasedAt,
          messages: 2,
          runs: 0,
          consents: 0,
          memberships: 0,
        },
      });
      await store.transaction(async (tx) => {
        await tx.recordErasure(record('a', 10));
        await tx.recordErasure(record('c', 30));
        await tx.recordErasure(record('b', 30));
      });
      const first = await store.listErasures({ limit: 2 });
      assert.deepEqual(first.items, [record('c', 30), record('b', 30)]);
      const second = await store.listErasures({ limit: 2, after: first.next! });
      assert.deepEqual(second, { items: [record('a', 10)], next: null });
    });
  });

  describe('retention', () => {
    it('drops events before a time, oldest first, in batches', async () => {
      const store = getStore();
      const base = Date.UTC(2020, 0, 1);
      await store.transaction((tx) =>
        tx.insertEvents(
          // Log order is not time order: imported history arrives after newer events.
          [5, 1, 4, 2, 3, 9].map((day) =>
            makeEvent(1000 + day, {
              messageId: `ret-${day}`,
              profileId: 'ret',
              timestamp: base + day * 86_400_000,
            }),
          ),
        ),
      );
      const cutoff = base + 4 * 86_400_000;
      const left = async () =>
        (await store.profileEvents('ret', 0, 50)).map((e) => e.messageId).sort();
      assert.equal(await store.transaction((tx) => tx.dropEventsBefore(cutoff, 2)), 2);
      assert.deepEqual(await left(), ['ret-3', 'ret-4', 'ret-5', 'ret-9']);
      assert.equal(await store.transaction((tx) => tx.dropEventsBefore(cutoff, 2)), 1);
      assert.equal(await store.transaction((tx) => tx.dropEventsBefore(cutoff, 2)), 0);
      assert.deepEqual(await left(), ['ret-4', 'ret-5', 'ret-9']);
    });
  });

  describe('profiles without state', () => {
    it('pages the profiles whose state was never derived, by id', async () => {
      const store = getStore();
      await store.transaction((tx) =>
        tx.putProfiles([
          makeProfile('ns-a', { state: {} }),
          makeProfile('ns-b', { state: { definitionsVersion: 'v1' } }),
          makeProfile('ns-c', { state: {} }),
          makeProfile('ns-d', { state: { lifecycle: 'new' } }),
        ]),
      );
      const ids = (after: string | null, limit: number) =>
        store.transaction(async (tx) =>
          (await tx.profilesWithoutState(after, limit)).filter((id) => id.startsWith('ns-')),
        );
      assert.deepEqual(await ids('ns', 2), ['ns-a', 'ns-c']);
      assert.deepEqual(await ids('ns-c', 10), ['ns-d']);
    });
  });
});
