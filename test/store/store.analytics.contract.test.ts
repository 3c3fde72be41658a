import assert from 'node:assert/strict';
import { it } from 'node:test';
import { applyEvents } from '../../src/runtime/apply-events.js';
import { forEachStore } from '../support/test-stores.js';
import { anEvent } from '../support/events.js';

const DAY = 86_400_000;
const T = Date.UTC(2026, 2, 2, 10);

forEachStore('store contract: analytics reads', (getStore) => {
  it('keeps activity per profile, day and name exact through inserts, duplicates and merges', async () => {
    const store = getStore();
    const events = [
      anEvent({
        type: 'page',
        event: 'Pricing',
        anonymousId: 'v1',
        timestamp: T,
        messageId: 'a1',
        context: {
          campaign: { source: 'google', name: 'spring' },
          page: { referrer: 'https://g.example/' },
        },
      }),
      anEvent({
        type: 'track',
        event: 'Report Created',
        anonymousId: 'v1',
        timestamp: T + 1000,
        messageId: 'a2',
      }),
      anEvent({
        type: 'track',
        event: 'Report Created',
        userId: 'u1',
        timestamp: T + DAY,
        messageId: 'a3',
      }),
      anEvent({
        type: 'track',
        event: 'Logged In',
        userId: 'u1',
        timestamp: T + 2 * DAY,
        messageId: 'a4',
      }),
      anEvent({
        type: 'track',
        event: 'Email Opened',
        userId: 'u1',
        timestamp: T + 2 * DAY,
        messageId: 'a5',
        source: 'internal',
      }),
      anEvent({
        type: 'identify',
        userId: 'u1',
        timestamp: T + 2 * DAY,
        messageId: 'a6',
        traits: { plan: 'pro' },
      }),
    ];
    await store.transaction((tx) => applyEvents(tx, events, { now: T + 3 * DAY }));
    // The same messageIds again add nothing.
    await store.transaction((tx) => applyEvents(tx, events, { now: T + 3 * DAY }));
    const day = Math.floor(T / DAY);
    const all = {
      fromDay: day - 1,
      toDay: day + 5,
      include: null,
      exclude: [],
      excludeViews: false,
    };
    let days = await store.analytics.activityDays(all);
    assert.deepEqual(days.get('anon:v1'), [day]);
    assert.deepEqual(days.get('u1'), [day + 1, day + 2]);
    const meaningful = await store.analytics.activityDays({
      ...all,
      exclude: ['Logged In'],
      excludeViews: true,
    });
    assert.deepEqual(meaningful.get('u1'), [day + 1]);

    // The visitor turns out to be u1: their activity moves with their events.
    await store.transaction((tx) =>
      applyEvents(
        tx,
        [
          anEvent({
            type: 'identify',
            userId: 'u1',
            anonymousId: 'v1',
            timestamp: T + 3 * DAY,
            messageId: 'a7',
          }),
        ],
        { now: T + 3 * DAY },
      ),
    );
    days = await store.analytics.activityDays(all);
    assert.equal(days.get('anon:v1'), undefined);
    assert.deepEqual(days.get('u1'), [day, day + 1, day + 2]);
    const names = await store.analytics.activityNames(day, day);
    assert.deepEqual(names.get('u1')?.sort(), ['Report Created', 'Viewed Pricing Page']);
    const only = await store.analytics.activityDays({ ...all, include: ['Viewed Pricing Page'] });
    assert.deepEqual(only.get('u1'), [day]);

    const [u1] = await store.analytics.analyticsUsers({
      signupEvent: null,
      conversionEvent: 'Report Created',
      trait: 'plan',
      accountTrait: null,
    });
    assert.equal(u1.id, 'u1');
    assert.deepEqual(u1.firstTouch, {
      source: 'google',
      campaign: 'spring',
      medium: null,
      referrer: 'https://g.example/',
    });
    assert.equal(u1.trait, 'pro');
    assert.equal(u1.conversionEventAt, T + 1000);
    assert.equal(u1.signedUp, true);
    const matched = await store.analytics.traitFirstMatch('plan', ['pro', 'team']);
    assert.deepEqual([...matched], [['u1', T + 2 * DAY]]);
    const engagement = await store.analytics.messageEngagement(['Email Opened']);
    assert.deepEqual(engagement, []);
    const scan = await store.analytics.scanEvents();
    assert.equal(scan.rows, 7);
  });
  it('counts stage changes per day and move, and reads the stage at a date', async () => {
    const store = getStore();
    const stage = (userId: string, at: number, kind: string, from: string | null, to: string) =>
      anEvent({
        type: 'track',
        event: 'Stage Changed',
        userId,
        timestamp: at,
        source: 'internal',
        properties: { kind, from, to },
      });
    const events = [
      stage('u1', T + 3_600_000, 'lifecycle', null, 'new'),
      stage('u1', T + DAY, 'lifecycle', 'new', 'activated'),
      stage('u1', T + DAY, 'engagement', null, 'implement'),
      stage('u2', T + DAY + 3_600_000, 'lifecycle', null, 'new'),
    ];
    await store.transaction((tx) => applyEvents(tx, events, { now: T + 10 * DAY }));
    const d = Math.floor(T / DAY);

    assert.deepEqual(
      [...(await store.analytics.stagesAt('lifecycle', T + DAY - 1))],
      [['u1', 'new']],
    );
    const at = await store.analytics.stagesAt('lifecycle', T + 2 * DAY);
    assert.deepEqual([...at].sort(), [
      ['u1', 'activated'],
      ['u2', 'new'],
    ]);
    // Rows in any order, keys in any order.
    const order = (rows: object[]) =>
      rows.map((r) => JSON.stringify(Object.entries(r).sort())).sort();
    assert.deepEqual(
      order(await store.analytics.stageChangeCounts(T + 10 * DAY)),
      order([
        { kind: 'lifecycle', day: d, from: null, to: 'new', was: null, count: 1 },
        { kind: 'lifecycle', day: d + 1, from: 'new', to: 'activated', was: 'new', count: 1 },
        { kind: 'engagement', day: d + 1, from: null, to: 'implement', was: null, count: 1 },
        { kind: 'lifecycle', day: d + 1, from: null, to: 'new', was: null, count: 1 },
      ]),
    );
    assert.deepEqual(await store.analytics.stageChangeCounts(T - 1), []);

    // A visitor's change moves with their events when they turn out to be a user.
    await store.transaction((tx) =>
      applyEvents(
        tx,
        [
          anEvent({
            type: 'track',
            event: 'Stage Changed',
            anonymousId: 'v9',
            timestamp: T + 2 * DAY,
            source: 'internal',
            properties: { kind: 'lifecycle', from: null, to: 'new' },
          }),
          anEvent({ type: 'identify', userId: 'u9', anonymousId: 'v9', timestamp: T + 3 * DAY }),
        ],
        { now: T + 10 * DAY },
      ),
    );
    const merged = await store.analytics.stagesAt('lifecycle', T + 4 * DAY);
    assert.equal(merged.get('u9'), 'new');
    assert.equal(merged.has('anon:v9'), false);
  });

  it("keeps each stage change's previous stage through late changes, merges and deletions", async () => {
    const store = getStore();
    const stage = (who: { userId?: string; anonymousId?: string }, at: number, to: string) =>
      anEvent({
        type: 'track',
        event: 'Stage Changed',
        ...who,
        timestamp: at,
        source: 'internal',
        properties: { kind: 'lifecycle', from: 'as sent', to },
      });
    const apply = (events: ReturnType<typeof anEvent>[]) =>
      store.transaction((tx) => applyEvents(tx, events, { now: T + 10 * DAY }));
    // What the counts must be: over the stored events, each profile's changes of a kind in
    // time order (then log order), each counted with the `to` of the one before it.
    const reference = async (until: number) => {
      const runs = new Map<string, { at: number; seq: number; from: unknown; to: unknown }[]>();
      for (const e of await store.readEvents(0, 10_000)) {
        if (e.source !== 'internal' || e.event !== 'Stage Changed') continue;
        const p = e.properties as { kind: string; from: unknown; to: unknown };
        const key = `${p.kind}\u0000${e.profileId}`;
        const run = runs.get(key) ?? [];
        run.push({ at: e.timestamp, seq: e.seq, from: p.from, to: p.to });
        runs.set(key, run);
      }
      const counts = new Map<string, number>();
      for (const [key, run] of runs) {
        run.sort((a, b) => a.at - b.at || a.seq - b.seq);
        run.forEach((c, i) => {
          if (c.at > until) return;
          const row = JSON.stringify([
            key.split('\u0000')[0],
            Math.floor(c.at / DAY),
            c.from,
            c.to,
            i === 0 ? null : run[i - 1].to,
          ]);
          counts.set(row, (counts.get(row) ?? 0) + 1);
        });
      }
      return [...counts].map(([row, count]) => JSON.stringify([...JSON.parse(row), count])).sort();
    };
    const counted = async (until: number) =>
      (await store.analytics.stageChangeCounts(until))
        .map((r) => JSON.stringify([r.kind, r.day, r.from, r.to, r.was, r.count]))
        .sort();
    const check = async () => {
      for (const until of [T + DAY, T + 3 * DAY, T + 10 * DAY]) {
        assert.deepEqual(await counted(until), await reference(until), `until ${until}`);
      }
    };

    await apply([stage({ userId: 'w1' }, T + 2 * DAY, 'activated')]);
    await apply([stage({ userId: 'w1' }, T + 4 * DAY, 'at risk')]);
    await check();
    // A change that arrives late goes before the ones already stored.
    await apply([stage({ userId: 'w1' }, T + DAY, 'new'), stage({ userId: 'w2' }, T, 'new')]);
    await check();
    // A visitor's changes interleave with w1's when the visitor turns out to be w1.
    await apply([
      stage({ anonymousId: 'v7' }, T + 3 * DAY, 'visitor'),
      stage({ anonymousId: 'v7' }, T + 5 * DAY, 'visitor again'),
    ]);
    await check();
    await apply([
      anEvent({ type: 'identify', userId: 'w1', anonymousId: 'v7', timestamp: T + 6 * DAY }),
    ]);
    await check();
    assert.equal(
      (await store.analytics.stagesAt('lifecycle', T + 10 * DAY)).get('w1'),
      'visitor again',
    );
    await store.transaction((tx) => tx.deleteProfiles(['w2']));
    await check();
  });
});
