/**
 * The store contract, continued: what schedule triggers need — the time zone of each profile
 * (written when it changes, paged by zone) and one durable timer per journey and zone, claimed
 * by one process at a time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScheduleTimer, Store } from '../../src/store/store.js';
import { makeProfile } from '../support/store-fixtures.js';
import { forEachStore } from '../support/test-stores.js';
import { claimTwiceConcurrently } from './journey-fixtures.js';

const timer = (
  journeyId: string,
  timeZone: string,
  fireAt: number,
  rule = 'r1',
): ScheduleTimer => ({
  journeyId,
  timeZone,
  rule,
  fireAt,
  afterProfile: null,
});

async function pages(store: Store, zone: string, size: number): Promise<string[][]> {
  const out: string[][] = [];
  let after: string | null = null;
  for (;;) {
    const page: string[] = await store.transaction((tx) =>
      tx.profilesInTimeZone(zone, after, size),
    );
    if (!page.length) return out;
    out.push(page);
    after = page.at(-1)!;
  }
}

forEachStore('store contract: schedules', (getStore) => {
  describe('profile time zones', () => {
    it('pages the profiles of a zone, and those without one, by id', async () => {
      const store = getStore();
      const ids = ['z-a', 'z-b', 'z-c', 'z-d', 'z-e', 'z-f'];
      await store.transaction(async (tx) => {
        await tx.putProfiles(ids.map((id) => makeProfile(id)));
        await tx.setProfileTimeZones([
          { profileId: 'z-b', timeZone: 'Europe/Paris' },
          { profileId: 'z-e', timeZone: 'Europe/Paris' },
          { profileId: 'z-c', timeZone: 'Asia/Tokyo' },
          { profileId: 'z-d', timeZone: 'Asia/Tokyo' },
          // Of two changes for one profile, the last one holds.
          { profileId: 'z-d', timeZone: 'Europe/Paris' },
        ]);
      });
      assert.deepEqual(await pages(store, 'Europe/Paris', 2), [['z-b', 'z-d'], ['z-e']]);
      assert.deepEqual(await pages(store, 'Asia/Tokyo', 2), [['z-c']]);
      assert.deepEqual(await pages(store, '', 2), [['z-a', 'z-f']]);
      assert.deepEqual(await store.timeZonesInUse(), ['Asia/Tokyo', 'Europe/Paris']);

      await store.transaction(async (tx) => {
        await tx.setProfileTimeZones([
          { profileId: 'z-c', timeZone: null },
          { profileId: 'z-a', timeZone: 'Asia/Tokyo' },
        ]);
        await tx.setProfileTimeZones([]);
        await tx.deleteProfiles(['z-e', 'z-f']);
      });
      assert.deepEqual(await pages(store, 'Europe/Paris', 5), [['z-b', 'z-d']]);
      assert.deepEqual(await pages(store, 'Asia/Tokyo', 5), [['z-a']]);
      assert.deepEqual(await pages(store, '', 5), [['z-c']]);
      assert.deepEqual(await pages(store, 'America/Lima', 5), []);
    });
  });

  describe('schedule timers', () => {
    it('adds, replaces, claims earliest first and deletes timers', async () => {
      const store = getStore();
      assert.equal(await store.nextScheduleTimer(), null);
      await store.transaction((tx) =>
        tx.addScheduleTimers([timer('weekly', '', 300), timer('weekly', 'Asia/Tokyo', 100)]),
      );
      // Adding one that exists leaves it as it is.
      await store.transaction((tx) => tx.addScheduleTimers([timer('weekly', '', 999, 'r2')]));
      assert.equal(await store.nextScheduleTimer(), 100);
      const claimed = await store.transaction((tx) => tx.claimDueScheduleTimers(300, 5));
      assert.deepEqual(claimed, [timer('weekly', 'Asia/Tokyo', 100), timer('weekly', '', 300)]);
      assert.deepEqual(await store.transaction((tx) => tx.claimDueScheduleTimers(99, 5)), []);

      const paging = { ...timer('weekly', 'Asia/Tokyo', 100), afterProfile: 'z-c' };
      await store.transaction(async (tx) => {
        await tx.putScheduleTimers([paging, timer('daily', '', 50)]);
        await tx.deleteScheduleTimers([{ journeyId: 'weekly', timeZone: '' }]);
      });
      assert.deepEqual(await store.scheduleTimers(), [timer('daily', '', 50), paging]);
      await store.transaction(async (tx) => {
        await tx.putScheduleTimers([]);
        await tx.deleteScheduleTimers([]);
        await tx.addScheduleTimers([]);
      });
    });

    it('syncs with the definitions without disturbing a moment being handed out', async () => {
      const store = getStore();
      // As left by the test above: daily '' (idle, r1) and weekly Asia/Tokyo (paging, r1).
      await store.transaction((tx) => tx.addScheduleTimers([timer('gone', '', 10)]));
      await store.transaction((tx) =>
        tx.syncScheduleTimers(
          [
            timer('daily', '', 70, 'r2'), // rule changed, idle: replaced
            timer('weekly', 'Asia/Tokyo', 500, 'r2'), // rule changed, paging: kept
            timer('weekly', '', 400, 'r1'), // missing: added
            timer('daily', 'Europe/Paris', 80, 'r1'), // missing: added
          ],
          ['daily', 'weekly'],
        ),
      );
      // The same rule keeps its time (an overdue moment stays due).
      await store.transaction((tx) =>
        tx.syncScheduleTimers([timer('daily', 'Europe/Paris', 999, 'r1')], ['daily', 'weekly']),
      );
      assert.deepEqual(await store.scheduleTimers(), [
        timer('daily', '', 70, 'r2'),
        timer('daily', 'Europe/Paris', 80, 'r1'),
        timer('weekly', '', 400, 'r1'),
        { ...timer('weekly', 'Asia/Tokyo', 100), afterProfile: 'z-c' },
      ]);
      await store.transaction((tx) => tx.syncScheduleTimers([], []));
      assert.deepEqual(await store.scheduleTimers(), []);
    });

    it('hands each due timer to one of two concurrent processes', async (t) => {
      const store = getStore();
      const due = [timer('a', '', 1), timer('b', '', 2), timer('c', '', 3), timer('d', '', 4)];
      await store.transaction((tx) => tx.addScheduleTimers(due));
      const [first, second] = await claimTwiceConcurrently(
        store,
        (tx) => tx.claimDueScheduleTimers(10, 2),
        (tx, claimed) => tx.putScheduleTimers(claimed.map((c) => ({ ...c, fireAt: 1000 }))),
      );
      t.diagnostic(
        `claimed ${first.map((c) => c.journeyId)} and ${second.map((c) => c.journeyId)}`,
      );
      assert.equal(first.length, 2);
      assert.deepEqual([...first, ...second].map((c) => c.journeyId).sort(), ['a', 'b', 'c', 'd']);
    });
  });
});
