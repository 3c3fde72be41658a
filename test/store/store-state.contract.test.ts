/** The store contract, continued: state timers and segment membership. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeProfile } from '../support/store-fixtures.js';
import { forEachStore } from '../support/test-stores.js';

forEachStore('store contract: state', (getStore) => {
  describe('state timers and segments', () => {
    it('keeps one timer per profile and claims the due ones, earliest first', async () => {
      const store = getStore();
      assert.equal(await store.nextStateTimer(), null);
      await store.transaction((tx) =>
        tx.setStateTimers([
          { profileId: 't-a', dueAt: 100 },
          { profileId: 't-b', dueAt: 50 },
          { profileId: 't-c', dueAt: 300 },
          { profileId: 't-a', dueAt: 200 },
        ]),
      );
      assert.equal(await store.nextStateTimer(), 50);
      const claim = (now: number, limit: number) =>
        store.transaction((tx) => tx.claimDueStateTimers(now, limit));
      assert.deepEqual(await claim(49, 10), []);
      assert.deepEqual(await claim(150, 10), ['t-b']);
      assert.deepEqual(await claim(250, 10), ['t-b', 't-a']);
      assert.deepEqual(await claim(1000, 1), ['t-b']);
      await store.transaction((tx) =>
        tx.setStateTimers([
          { profileId: 't-b', dueAt: null },
          { profileId: 't-a', dueAt: null },
          { profileId: 't-never', dueAt: null },
        ]),
      );
      assert.deepEqual(await claim(1000, 10), ['t-c']);
      assert.equal(await store.nextStateTimer(), 300);
      await store.transaction((tx) => tx.setStateTimers([{ profileId: 't-c', dueAt: null }]));
      assert.equal(await store.nextStateTimer(), null);
    });

    it('hands each due timer to one of two concurrent sweepers', async (t) => {
      const store = getStore();
      const due = ['w-1', 'w-2', 'w-3', 'w-4'];
      await store.transaction((tx) =>
        tx.setStateTimers(due.map((profileId, i) => ({ profileId, dueAt: 1000 + i }))),
      );
      let secondClaimed!: () => void;
      const claimedBySecond = new Promise<void>((resolve) => (secondClaimed = resolve));
      // A sweeper claims, re-arms what it claimed for later, and commits.
      const sweep = (onClaimed: (ids: string[]) => Promise<void>) =>
        store.transaction(async (tx) => {
          const ids = await tx.claimDueStateTimers(2000, 2);
          await onClaimed(ids);
          await tx.setStateTimers(ids.map((profileId) => ({ profileId, dueAt: 9000 })));
          return ids;
        });
      const skipLocked = store.capabilities.supportsSkipLocked;
      let firstClaimed!: () => void;
      const claimedByFirst = new Promise<void>((resolve) => (firstClaimed = resolve));
      const first = sweep(async () => {
        firstClaimed();
        // With SKIP LOCKED the other sweeper claims while this one still holds its rows;
        // without it (one writer at a time) it can only start once this one commits.
        if (skipLocked) await claimedBySecond;
      });
      await claimedByFirst;
      const second = sweep(async () => secondClaimed());
      const [a, b] = await Promise.all([first, second]);
      t.diagnostic(`claimed ${a} and ${b}`);
      assert.equal(a.length, 2);
      assert.deepEqual([...a, ...b].sort(), due);
    });

    it('records segment entries and exits in order, counts and pages members', async () => {
      const store = getStore();
      await store.transaction((tx) =>
        tx.updateSegmentMembers([
          { segment: 'trial', profileId: 'g-a', enteredAt: 10 },
          { segment: 'trial', profileId: 'g-b', enteredAt: 20 },
          { segment: 'power', profileId: 'g-a', enteredAt: 30 },
          { segment: 'trial', profileId: 'g-b', enteredAt: null },
          { segment: 'trial', profileId: 'g-c', enteredAt: 40 },
          { segment: 'trial', profileId: 'g-b', enteredAt: 50 },
          { segment: 'gone', profileId: 'g-a', enteredAt: 60 },
          { segment: 'gone', profileId: 'g-a', enteredAt: null },
          { segment: 'never', profileId: 'g-z', enteredAt: null },
        ]),
      );
      assert.deepEqual(await store.segmentCounts(), { trial: 3, power: 1 });
      const first = await store.segmentMembers('trial', { limit: 2 });
      assert.deepEqual(first.items, [
        { profileId: 'g-a', enteredAt: 10 },
        { profileId: 'g-b', enteredAt: 50 },
      ]);
      const rest = await store.segmentMembers('trial', { limit: 2, after: first.next! });
      assert.deepEqual(rest, { items: [{ profileId: 'g-c', enteredAt: 40 }], next: null });
      assert.deepEqual(await store.segmentMembers('gone', { limit: 5 }), { items: [], next: null });
    });

    it('forgets a deleted profile’s timer and segments', async () => {
      const store = getStore();
      await store.transaction(async (tx) => {
        await tx.putProfiles([makeProfile('g-a')]);
        await tx.setStateTimers([{ profileId: 'g-a', dueAt: 5 }]);
      });
      await store.transaction((tx) => tx.deleteProfiles(['g-a']));
      assert.deepEqual(await store.segmentCounts(), { trial: 2 });
      assert.deepEqual(await store.transaction((tx) => tx.claimDueStateTimers(10, 10)), []);
    });
  });
});
