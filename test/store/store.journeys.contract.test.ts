/**
 * The store contract, continued: journey runs (created once per id, listening runs, entry
 * histories, durable wake-ups claimed by one runner each, stats for lift, listing, merges) and
 * the stored definitions of journey versions.
 * The delivery log and consent are in store.messages.contract.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JourneyRun } from '../../src/engine/journeys/types.js';
import { InvalidCursorError } from '../../src/store/page-cursor.js';
import { entryHistoryKey, type Store, type StoreTx } from '../../src/store/store.js';
import { HOUR, T0, claimTwiceConcurrently, endedRun, makeRun } from './journey-fixtures.js';
import { forEachStore } from '../support/test-stores.js';

const byId = (runs: JourneyRun[]) => [...runs].sort((a, b) => (a.id < b.id ? -1 : 1));
const ids = (runs: JourneyRun[]) => runs.map((r) => r.id);

/** Every run of a user, oldest last (one page is enough for these tests). */
async function runsOf(store: Store, profileId: string): Promise<JourneyRun[]> {
  return (await store.listRuns({ profileId }, { limit: 100 })).items;
}

forEachStore('store contract: journey runs', (getStore) => {
  describe('creating and updating runs', () => {
    it('inserts a run once: a replayed trigger, or a repeat within a batch, inserts nothing', async () => {
      const store = getStore();
      const a = makeRun('c-a', { userId: 'c-user' });
      const b = makeRun('c-b', { userId: 'c-user', journeyId: 'upsell', heldOut: true });
      const created = await store.transaction((tx) =>
        tx.createRuns([a, b, { ...a, status: 'exited' }]),
      );
      assert.deepEqual(created, [true, true, false]);
      const replay = await store.transaction((tx) =>
        tx.createRuns([{ ...b, version: 'v2' }, makeRun('c-c', { userId: 'c-user' })]),
      );
      assert.deepEqual(replay, [false, true]);
      assert.deepEqual(byId(await runsOf(store, 'c-user')), [
        a,
        b,
        makeRun('c-c', { userId: 'c-user' }),
      ]);
      assert.deepEqual(await store.transaction((tx) => tx.createRuns([])), []);
    });

    it('replaces runs by id, the last copy of an id winning, and never inserts', async () => {
      const store = getStore();
      const moved = makeRun('c-a', {
        userId: 'c-user',
        version: 'v2',
        waiting: { kind: 'event', stepId: 'wait-2', event: 'Invited', timeoutAt: T0 + 9 * HOUR },
        wakeAt: T0 + 9 * HOUR,
        visits: { 'send-1': 1, 'wait-1': 1, 'wait-2': 1 },
        history: [{ at: T0 + HOUR, stepId: 'wait-1', outcome: 'resumed' }],
      });
      const done = endedRun('c-b', 'converted', { userId: 'c-user', journeyId: 'upsell' });
      await store.transaction((tx) =>
        tx.updateRuns([{ ...moved, version: 'stale' }, done, moved, makeRun('c-never')]),
      );
      const runs = byId(await runsOf(store, 'c-user'));
      assert.deepEqual(runs[0], moved);
      assert.deepEqual(runs[1], done);
      assert.deepEqual(await runsOf(store, 'u-1'), []);
      await store.transaction((tx) => tx.updateRuns([]));
    });
  });

  describe('runs that listen, and entry histories', () => {
    const now = T0 + 10 * HOUR;
    const runs = [
      makeRun('l-active', { userId: 'l-user', goalDeadline: null }),
      endedRun('l-window-open', 'completed', { userId: 'l-user', goalDeadline: now + 1 }),
      endedRun('l-window-closing', 'completed', { userId: 'l-user', goalDeadline: now }),
      endedRun('l-exited', 'exited', { userId: 'l-user', goalDeadline: null }),
      endedRun('l-converted', 'converted', { userId: 'l-user', goalDeadline: now - HOUR }),
      makeRun('l-other', { userId: 'l-other', journeyId: 'upsell', enteredAt: T0 + 2 * HOUR }),
    ];

    it('finds active runs and ended runs whose goal window is still open', async () => {
      const store = getStore();
      await store.transaction((tx) => tx.createRuns(runs));
      const listening = await store.transaction((tx) =>
        tx.listeningRuns(['l-user', 'l-other', 'l-nobody'], now),
      );
      assert.deepEqual(byId(listening), [runs[0], runs[5], runs[1]]);
      const later = await store.transaction((tx) => tx.listeningRuns(['l-user'], now + 1));
      assert.deepEqual(ids(later), ['l-active']);
      assert.deepEqual(await store.transaction((tx) => tx.listeningRuns([], now)), []);
    });

    it('summarises runs per profile and journey', async () => {
      const store = getStore();
      await store.transaction((tx) =>
        tx.createRuns([
          makeRun('l-upsell-1', { userId: 'l-user', journeyId: 'upsell', enteredAt: T0 + 5 }),
          endedRun('l-upsell-2', 'exited', {
            userId: 'l-user',
            journeyId: 'upsell',
            enteredAt: T0 + 7,
          }),
        ]),
      );
      const histories = await store.transaction((tx) =>
        tx.entryHistories(['l-user', 'l-other', 'l-nobody']),
      );
      assert.deepEqual(
        new Map(histories),
        new Map([
          [entryHistoryKey('l-user', 'onboarding'), { entered: 5, lastEnteredAt: T0, active: 1 }],
          [entryHistoryKey('l-user', 'upsell'), { entered: 2, lastEnteredAt: T0 + 7, active: 1 }],
          [
            entryHistoryKey('l-other', 'upsell'),
            { entered: 1, lastEnteredAt: T0 + 2 * HOUR, active: 1 },
          ],
        ]),
      );
      assert.equal((await store.transaction((tx) => tx.entryHistories([]))).size, 0);
    });
  });

  describe('durable wake-ups', () => {
    /** Clears the wake-ups of runs, as a runner does once it has moved them on. */
    const settle = (tx: StoreTx, runs: JourneyRun[]) =>
      tx.updateRuns(runs.map((r) => ({ ...r, wakeAt: null })));

    it('claims due runs earliest first, and knows the next wake-up', async () => {
      const store = getStore();
      // Runs made by the earlier tests wake at T0 + 1 h; these wake long after them.
      const base = T0 + 1000 * HOUR;
      await store.transaction(async (tx) => {
        const earlier = await tx.claimDueRuns(base, 100);
        await settle(tx, earlier);
        await tx.createRuns([
          makeRun('w-c', { userId: 'w-user', wakeAt: base + 30 }),
          makeRun('w-b', { userId: 'w-user', wakeAt: base + 10 }),
          makeRun('w-a', { userId: 'w-user', wakeAt: base + 10 }),
          endedRun('w-ended', 'completed', { userId: 'w-user' }),
        ]);
      });
      assert.equal(await store.nextRunWake(), base + 10);
      const claim = (now: number, limit: number) =>
        store.transaction((tx) => tx.claimDueRuns(now, limit)).then(ids);
      assert.deepEqual(await claim(base + 9, 10), []);
      assert.deepEqual(await claim(base + 10, 10), ['w-a', 'w-b']);
      assert.deepEqual(await claim(base + 100, 2), ['w-a', 'w-b']);
      const claimed = await store.transaction((tx) => tx.claimDueRuns(base + 100, 10));
      assert.deepEqual(ids(claimed), ['w-a', 'w-b', 'w-c']);
      assert.deepEqual(claimed[2], makeRun('w-c', { userId: 'w-user', wakeAt: base + 30 }));
      await store.transaction((tx) => settle(tx, claimed));
      assert.deepEqual(await claim(base + 100, 10), []);
      assert.equal(await store.nextRunWake(), null);
    });

    it('hands each due run to one of two concurrent runners', async (t) => {
      const store = getStore();
      const due = ['k-1', 'k-2', 'k-3', 'k-4'];
      await store.transaction((tx) =>
        tx.createRuns(due.map((id, i) => makeRun(id, { userId: 'k-user', wakeAt: T0 + i }))),
      );
      const [a, b] = await claimTwiceConcurrently(
        store,
        (tx) => tx.claimDueRuns(T0 + 2000 * HOUR, 2),
        settle,
      );
      t.diagnostic(`claimed ${ids(a)} and ${ids(b)}`);
      assert.equal(a.length, 2);
      assert.deepEqual([...ids(a), ...ids(b)].sort(), due);
      assert.equal(await store.nextRunWake(), null);
    });
  });

  describe('stats and listings', () => {
    it('counts runs per journey, treated apart from held out', async () => {
      const store = getStore();
      const s = (id: string, heldOut: boolean, run: (id: string) => JourneyRun) => ({
        ...run(`st-${id}`),
        journeyId: 'stats',
        heldOut,
      });
      await store.transaction((tx) =>
        tx.createRuns([
          s('t-active', false, (id) => makeRun(id, { wakeAt: null })),
          s('t-completed', false, (id) => endedRun(id, 'completed')),
          // Converted inside the goal window after its last step: still completed.
          s('t-late', false, (id) => endedRun(id, 'completed', { convertedAt: T0 + 2 * HOUR })),
          s('t-converted', false, (id) => endedRun(id, 'converted')),
          s('t-exited', false, (id) => endedRun(id, 'exited')),
          s('h-converted', true, (id) => endedRun(id, 'converted')),
          s('h-exited', true, (id) => endedRun(id, 'exited')),
          { ...endedRun('st-only-treated', 'exited'), journeyId: 'stats-treated-only' },
        ]),
      );
      const stats = await store.journeyStats();
      assert.deepEqual(stats.stats, {
        treated: { entered: 5, active: 1, completed: 2, converted: 2, exited: 1 },
        heldOut: { entered: 2, active: 0, completed: 0, converted: 1, exited: 1 },
      });
      assert.deepEqual(stats['stats-treated-only'], {
        treated: { entered: 1, active: 0, completed: 0, converted: 0, exited: 1 },
        heldOut: { entered: 0, active: 0, completed: 0, converted: 0, exited: 0 },
      });
    });

    it('counts per step the runs that reached it and the active runs waiting at it', async () => {
      const store = getStore();
      const line = (
        stepId: string | null,
        outcome: 'entered' | 'sent' | 'waiting' | 'resumed',
      ) => ({
        at: T0,
        stepId,
        outcome,
      });
      const runs: JourneyRun[] = [
        // Waiting at wait-1 after send-1.
        makeRun('sc-1', { journeyId: 'steps' }),
        // Went past wait-1 (resumed: two lines for one step, counted once), now at wait-2.
        makeRun('sc-2', {
          journeyId: 'steps',
          waiting: { kind: 'event', stepId: 'wait-2', event: 'Invited', timeoutAt: T0 + HOUR },
          history: [
            line(null, 'entered'),
            line('send-1', 'sent'),
            line('wait-1', 'waiting'),
            line('wait-1', 'resumed'),
            line('wait-2', 'waiting'),
          ],
        }),
        // Ended while its waiting field still named wait-1: not at it any more.
        endedRun('sc-3', 'exited', { journeyId: 'steps', heldOut: true }),
        { ...makeRun('sc-4'), journeyId: 'steps-other' },
      ];
      await store.transaction((tx) => tx.createRuns(runs));
      // The reference: the same counts over the runs themselves, in plain code.
      const check = async (live: JourneyRun[]) => {
        const expected = new Map<string, { reached: Set<string>; at: number }>();
        for (const run of live) {
          for (const h of run.history) {
            if (h.stepId === null) continue;
            const key = `${run.journeyId}/${h.stepId}`;
            const entry = expected.get(key) ?? { reached: new Set<string>(), at: 0 };
            entry.reached.add(run.id);
            expected.set(key, entry);
          }
          if (run.status === 'active' && run.waiting) {
            expected.get(`${run.journeyId}/${run.waiting.stepId}`)!.at += 1;
          }
        }
        const got = (await store.journeyStepCounts())
          .filter((r) => r.journeyId.startsWith('steps'))
          .map((r) => `${r.journeyId}/${r.stepId} ${r.reached} ${r.at}`)
          .sort();
        const want = [...expected].map(([key, v]) => `${key} ${v.reached.size} ${v.at}`).sort();
        assert.deepEqual(got, want);
        return got;
      };
      const got = await check(runs);
      assert.ok(got.includes('steps/wait-1 3 1'));
      assert.ok(got.includes('steps/wait-2 1 1'));

      // Runs move on (the counts follow each run's new history): sc-1 goes past wait-1 to a
      // new step, sc-2 completes, sc-4 is rewritten with a shorter history.
      const moved: JourneyRun[] = [
        {
          ...runs[0]!,
          waiting: { kind: 'time', stepId: 'wait-3', until: T0 + 2 * HOUR },
          history: [
            ...runs[0]!.history,
            line('wait-1', 'resumed'),
            line('send-2', 'sent'),
            line('wait-3', 'waiting'),
          ],
        },
        { ...runs[1]!, status: 'completed', waiting: null, wakeAt: null, endedAt: T0 + HOUR },
        runs[2]!,
        { ...runs[3]!, history: [line(null, 'entered')], waiting: null, status: 'exited' },
      ];
      await store.transaction((tx) => tx.updateRuns([moved[0]!, moved[1]!, moved[3]!]));
      const after = await check(moved);
      assert.ok(after.includes('steps/wait-3 1 1'));
      assert.ok(
        !after.some((line) => line.startsWith('steps-other/')),
        'a step no run has any more',
      );

      // Erasing the user of sc-1 takes its runs out of the counts.
      await store.transaction(async (tx) => {
        await tx.createRuns([
          makeRun('sc-5', { journeyId: 'steps', userId: 'sc-erased' }),
          makeRun('sc-6', { journeyId: 'steps', userId: 'sc-erased', heldOut: true }),
        ]);
      });
      await store.transaction((tx) => tx.eraseProfile('sc-erased'));
      await check(moved);
    });

    it('lists runs newest entry first, by user and journey, in pages', async () => {
      const store = getStore();
      const at = T0 + 5000 * HOUR;
      const runs = [
        makeRun('p-1', { userId: 'p-a', journeyId: 'pj-x', enteredAt: at + 1, wakeAt: null }),
        makeRun('p-2', { userId: 'p-a', journeyId: 'pj-y', enteredAt: at + 2, wakeAt: null }),
        makeRun('p-3', { userId: 'p-b', journeyId: 'pj-x', enteredAt: at + 2, wakeAt: null }),
        makeRun('p-4', { userId: 'p-a', journeyId: 'pj-x', enteredAt: at + 3, wakeAt: null }),
        makeRun('p-5', { userId: 'p-b', journeyId: 'pj-x', enteredAt: at + 4, wakeAt: null }),
      ];
      await store.transaction((tx) => tx.createRuns(runs));
      /** Every page of a listing, as lists of ids, following the cursors. */
      const pages = async (filter: { profileId?: string; journeyId?: string }, limit: number) => {
        const out: string[][] = [];
        let after: string | undefined;
        do {
          const page = await store.listRuns(filter, { limit, after });
          out.push(ids(page.items));
          after = page.next ?? undefined;
        } while (after !== undefined);
        return out;
      };
      assert.deepEqual(await pages({ profileId: 'p-a' }, 2), [['p-4', 'p-2'], ['p-1']]);
      assert.deepEqual(await pages({ journeyId: 'pj-x' }, 2), [
        ['p-5', 'p-4'],
        ['p-3', 'p-1'],
      ]);
      assert.deepEqual(await pages({ profileId: 'p-a', journeyId: 'pj-x' }, 1), [['p-4'], ['p-1']]);
      // Equal entry times are ordered by id, newest (greatest) first, across a page boundary.
      const all = await pages({}, 2);
      assert.deepEqual(all.slice(0, 2), [
        ['p-5', 'p-4'],
        ['p-3', 'p-2'],
      ]);
      assert.equal(all[2][0], 'p-1');
      assert.deepEqual((await store.listRuns({}, { limit: 1 })).items, [runs[4]]);
      assert.deepEqual(await store.listRuns({ profileId: 'p-none' }, { limit: 5 }), {
        items: [],
        next: null,
      });
      await assert.rejects(store.listRuns({}, { limit: 5, after: 'bogus' }), InvalidCursorError);
      await assert.rejects(store.listRuns({}, { limit: 0 }), RangeError);
    });
  });

  describe('identity merge', () => {
    it('moves a visitor’s runs to the profile they merged into; deleting a profile keeps them', async () => {
      const store = getStore();
      const visitor = makeRun('m-1', { userId: 'anon:m', wakeAt: null });
      await store.transaction((tx) => tx.createRuns([visitor]));
      await store.transaction(async (tx) => {
        await tx.reassignRuns('anon:m', 'm-user');
        await tx.reassignRuns('m-user', 'm-user');
        await tx.deleteProfiles(['anon:m']);
      });
      assert.deepEqual(await runsOf(store, 'anon:m'), []);
      assert.deepEqual(await runsOf(store, 'm-user'), [{ ...visitor, userId: 'm-user' }]);
      const histories = await store.transaction((tx) => tx.entryHistories(['m-user']));
      assert.equal(histories.get(entryHistoryKey('m-user', 'onboarding'))?.entered, 1);
    });
  });

  describe('journey versions', () => {
    const definition = {
      trigger: { event: 'Signed Up' },
      steps: [{ id: 'hello', send: { template: 'welcome', note: 'caf\u00e9 \u0000 ✓' } }],
      holdout: 0.1,
    };

    it('stores each version once and reads back the ones asked for', async () => {
      const store = getStore();
      const v1 = { journeyId: 'day_1', version: 'v1', definition, createdAt: T0 };
      const v2 = { journeyId: 'day_1', version: 'v2', definition: { steps: [] }, createdAt: T0 };
      await store.transaction((tx) => tx.putJourneyVersions([v1, v2, { ...v1, createdAt: 5 }]));
      // A version is a hash of its definition: storing it again changes nothing.
      await store.transaction((tx) =>
        tx.putJourneyVersions([{ ...v1, definition: { other: true }, createdAt: T0 + HOUR }]),
      );
      await store.transaction((tx) => tx.putJourneyVersions([]));
      const found = await store.transaction((tx) =>
        tx.getJourneyVersions([
          { journeyId: 'day_1', version: 'v1' },
          { journeyId: 'day_1', version: 'v3' },
          { journeyId: 'other', version: 'v2' },
          { journeyId: 'day_1', version: 'v2' },
        ]),
      );
      const stored = {
        ...v1,
        definition: {
          ...definition,
          steps: [{ id: 'hello', send: { template: 'welcome', note: 'café \ufffd ✓' } }],
        },
      };
      assert.deepEqual(
        [...found].sort((a, b) => (a.version < b.version ? -1 : 1)),
        [stored, v2],
      );
      assert.deepEqual(await store.transaction((tx) => tx.getJourneyVersions([])), []);
    });
  });
});
