/**
 * The narrow first-14-days rows (`early_hours`, migration 018) follow every write in the same
 * transaction: after each step — events before identify, events before the signup is known, a
 * signup learnt late, an event out of order, events past the 14 days, an identity merge, an
 * erasure, a profile deletion and dropped old events — `earlyHours`, `earlyNames` and
 * `earlyHoursAndTimes` equal plain code over the raw rows (every stored event, each profile's
 * document).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { IncomingEvent } from '../../src/core/types.js';
import { NOT_MEANINGFUL as LEFT_OUT } from '../../src/analytics/activity-definition.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { applyEvents } from '../../src/runtime/apply-events.js';
import type { Store } from '../../src/store/store.js';
import { forEachStore } from '../support/test-stores.js';
import { anEvent } from '../support/events.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T = Date.UTC(2026, 2, 2, 10);

const DEFINITIONS = parseDefinitions(`
version: 1
activation:
  milestones: [report]
  signup: { event: Signed Up }
milestones:
  report: { event: Report Created }
`);

type Hours = Map<string, Map<string, number[]>>;

/** Every stored event, read in pages of the log. */
async function storedEvents(store: Store) {
  const out = [];
  for (let after = 0; ;) {
    const page = await store.readEvents(after, 500);
    if (!page.length) return out;
    out.push(...page);
    after = page[page.length - 1]!.seq;
  }
}

/**
 * Plain code over the raw rows: per identified profile (its document has a user id), each
 * activity event (track with a name, page, screen; not Cairn's internal ones) at most `hours`
 * hours after its signup (`state.signupAt`, else first seen), by name, with its hour after
 * signup (ceil, 0 at or before) or, with `times`, its time.
 */
async function reference(store: Store, hours: number, times = false): Promise<Hours> {
  const events = await storedEvents(store);
  const signups = new Map<string, number | null>();
  for (const id of new Set(events.map((e) => e.profileId))) {
    const p = await store.getProfile(id);
    const state = (p?.state ?? {}) as { signupAt?: number };
    signups.set(id, p && p.userId !== null ? (state.signupAt ?? p.firstSeen) : null);
  }
  const out: Hours = new Map();
  for (const e of events) {
    const signup = signups.get(e.profileId);
    if (signup === null || signup === undefined || e.source === 'internal') continue;
    const name =
      e.type === 'track'
        ? e.event
        : e.type === 'page'
          ? e.event
            ? `Viewed ${e.event} Page`
            : 'Loaded a Page'
          : e.type === 'screen'
            ? e.event
              ? `Viewed ${e.event} Screen`
              : 'Loaded a Screen'
            : null;
    if (name === null || e.timestamp - signup > hours * HOUR) continue;
    let mine = out.get(e.profileId);
    if (!mine) out.set(e.profileId, (mine = new Map()));
    const value = times ? e.timestamp : Math.max(0, Math.ceil((e.timestamp - signup) / HOUR));
    mine.set(name, [...(mine.get(name) ?? []), value]);
  }
  return sorted(out);
}

function sorted(map: Hours): Hours {
  for (const mine of map.values()) for (const list of mine.values()) list.sort((a, b) => a - b);
  return map;
}

async function check(store: Store, step: string): Promise<void> {
  for (const hours of [0, 1, 24, 48, 200, 336]) {
    const expected = await reference(store, hours);
    assert.deepEqual(
      sorted(await store.signals.earlyHours(hours)),
      expected,
      `${step}: ${hours} h`,
    );
    const names = await store.signals.earlyNames(hours);
    assert.deepEqual(
      new Map([...names].map(([id, list]) => [id, [...list].sort()])),
      new Map([...expected].map(([id, mine]) => [id, [...mine.keys()].sort()])),
      `${step}: names by ${hours} h`,
    );
  }
  // The times of two names to a horizon that is not a whole hour, with fewer hours read.
  const horizon = 30 * HOUR + 1;
  const names = ['Report Created', 'Viewed Pricing Page'];
  const both = await store.signals.earlyHoursAndTimes(24, names, horizon);
  assert.deepEqual(sorted(both.hours), await reference(store, 24), `${step}: hours with times`);
  const times = await reference(store, horizon / HOUR, true);
  for (const mine of times.values())
    for (const name of mine.keys()) if (!names.includes(name)) mine.delete(name);
  for (const [id, mine] of times) if (!mine.size) times.delete(id);
  assert.deepEqual(both.times, times, `${step}: times`);
}

async function apply(store: Store, events: IncomingEvent[], now: number): Promise<void> {
  await store.transaction((tx) => applyEvents(tx, events, { now, definitions: DEFINITIONS }));
}

forEachStore('store contract: early hours', (getStore) => {
  it('follow events, signups learnt late, merges, erasure, deletion and dropped events', async () => {
    const store = getStore();
    const e = (messageId: string, fields: Parameters<typeof anEvent>[0]) =>
      anEvent({ messageId, ...fields });
    // A visitor's page views and an action before identify; u1 signs up an hour later.
    await apply(
      store,
      [
        e('a1', { type: 'page', event: 'Pricing', anonymousId: 'v1', timestamp: T - 2 * HOUR }),
        e('a2', { type: 'page', anonymousId: 'v1', timestamp: T - HOUR }),
        e('a3', { type: 'track', event: 'Report Created', anonymousId: 'v1', timestamp: T - 1 }),
      ],
      T,
    );
    await check(store, 'anonymous only');
    await apply(
      store,
      [
        e('a4', { type: 'identify', userId: 'u1', anonymousId: 'v1', timestamp: T }),
        e('a5', { type: 'track', event: 'Signed Up', userId: 'u1', timestamp: T + HOUR }),
        e('a6', { type: 'track', event: 'Report Created', userId: 'u1', timestamp: T + 2 * HOUR }),
        e('a7', { type: 'screen', event: 'Home', userId: 'u1', timestamp: T + 25 * HOUR }),
        e('a8', { type: 'screen', userId: 'u1', timestamp: T + 30 * HOUR + 1 }),
        e('a9', {
          type: 'track',
          event: 'Email Opened',
          userId: 'u1',
          timestamp: T + 3 * HOUR,
          source: 'internal',
        }),
        // Past the 14 days: kept out.
        e('a10', { type: 'track', event: 'Report Created', userId: 'u1', timestamp: T + 15 * DAY }),
      ],
      T + 16 * DAY,
    );
    await check(store, 'identified');

    // u2 acts before its signup is known: its hours count from first seen, then from the
    // signup when it comes (later in time and later in arrival); an event that arrives late
    // with an earlier time is counted too.
    await apply(
      store,
      [
        e('b1', { type: 'track', event: 'Report Created', userId: 'u2', timestamp: T + DAY }),
        e('b2', {
          type: 'track',
          event: 'Report Created',
          userId: 'u2',
          timestamp: T + DAY + HOUR,
        }),
        e('b3', { type: 'page', event: 'Pricing', userId: 'u2', timestamp: T + 15 * DAY }),
      ],
      T + 16 * DAY,
    );
    await check(store, 'before signup');
    await apply(
      store,
      [e('b4', { type: 'track', event: 'Signed Up', userId: 'u2', timestamp: T + 3 * DAY })],
      T + 16 * DAY,
    );
    await check(store, 'signup learnt late');
    await apply(
      store,
      [
        e('b5', { type: 'track', event: 'Report Created', userId: 'u2', timestamp: T + 12 * HOUR }),
        e('b6', { type: 'track', event: 'Report Created', userId: 'u2', timestamp: T + 4 * DAY }),
        e('b7', { type: 'track', event: 'Report Created', userId: 'u2', timestamp: T + 4 * DAY }),
      ],
      T + 17 * DAY,
    );
    await check(store, 'out of order');

    // u3's events move to u2 (an identity merge of two users), then u1 is erased, u3's
    // profile deleted and the oldest events dropped.
    await apply(
      store,
      [
        e('c1', { type: 'track', event: 'Signed Up', userId: 'u3', timestamp: T + 2 * DAY }),
        e('c2', { type: 'page', event: 'Pricing', userId: 'u3', timestamp: T + 3 * DAY + 1 }),
      ],
      T + 17 * DAY,
    );
    await check(store, 'u3');
    await store.transaction((tx) => tx.reassignEvents('u3', 'u2'));
    await check(store, 'merged');
    await store.transaction((tx) => tx.eraseProfile('u1'));
    await check(store, 'erased');
    await store.transaction((tx) => tx.deleteProfiles(['u3']));
    await check(store, 'deleted');
    await store.transaction((tx) => tx.dropEventsBefore(T + 3 * DAY, 10));
    await check(store, 'dropped');
    assert.deepEqual([...(await store.signals.earlyHours(336)).keys()], ['u2']);
  });

  it('counts activity days from signup with the default activity as with any other', async () => {
    // signupActivity reads `active_days` for the default activity (its names left out, views
    // out) and `activity_days` otherwise: both against plain code over the stored events.
    const store = getStore();
    const e = (messageId: string, fields: Parameters<typeof anEvent>[0]) =>
      anEvent({ messageId, ...fields });
    await apply(
      store,
      [
        e('d1', { type: 'track', event: 'Signed Up', userId: 'w1', timestamp: T }),
        e('d2', { type: 'track', event: 'Report Created', userId: 'w1', timestamp: T + DAY }),
        e('d3', { type: 'track', event: 'Logged In', userId: 'w1', timestamp: T + 2 * DAY }),
        e('d4', { type: 'page', event: 'Pricing', userId: 'w1', timestamp: T + 3 * DAY }),
        e('d5', { type: 'track', event: 'Signed Up', userId: 'w1', timestamp: T + 4 * DAY }),
        e('d6', { type: 'track', event: 'Task Created', userId: 'w1', timestamp: T + 5 * DAY }),
        e('d7', { type: 'track', event: 'Signed Up', userId: 'w2', timestamp: T + DAY }),
        e('d8', { type: 'track', event: 'Logged In', userId: 'w2', timestamp: T + 2 * DAY }),
        e('d9', { type: 'track', event: 'Task Created', userId: 'w2', timestamp: T + 2 * DAY }),
      ],
      T + 6 * DAY,
    );
    const events = await storedEvents(store);
    const day = Math.floor(T / DAY);
    const defaults = [...LEFT_OUT, 'Signed Up'];
    for (const exclude of [defaults, LEFT_OUT, ['Signed Up']])
      for (const [fromDay, toDay] of [
        [day - 1, day + 10],
        [day + 2, day + 4],
      ] as const)
        for (const n of [0, 1, 2, 4]) {
          const query = { fromDay, toDay, include: null, exclude, excludeViews: true };
          // Plain code: each profile's days with a counted event, from its signup day.
          const expected = [];
          for (const id of ['w1', 'w2']) {
            const p = (await store.getProfile(id))!;
            const signup = (p.state as { signupAt?: number }).signupAt ?? p.firstSeen;
            const cohort = Math.floor(signup / DAY);
            const days = new Set<number>();
            for (const ev of events) {
              const d = Math.floor(ev.timestamp / DAY);
              if (ev.profileId !== id || ev.type !== 'track' || ev.source === 'internal') continue;
              if (exclude.includes(ev.event!)) continue;
              if (d >= Math.max(cohort, fromDay) && d <= toDay) days.add(d);
            }
            if (!days.size) continue;
            expected.push({
              profileId: id,
              lastDay: Math.max(...days),
              onDay: days.has(cohort + n) && cohort + n >= fromDay,
              firstDays: [...days].filter((d) => d < cohort + n).length,
            });
          }
          const got = (await store.signals.signupActivity(query, n)).filter((r) =>
            r.profileId.startsWith('w'),
          );
          got.sort((a, b) => (a.profileId < b.profileId ? -1 : 1));
          assert.deepEqual(got, expected, `${exclude.length} left out, ${fromDay}–${toDay}, ${n}`);
        }
  });

  it('refuses hours past the 14 days kept', async () => {
    const store = getStore();
    await assert.rejects(() => store.signals.earlyHours(337), RangeError);
    await assert.rejects(() => store.signals.earlyNames(24.5), RangeError);
  });
});
