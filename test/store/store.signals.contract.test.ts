import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseDefinitions } from '../../src/definitions/index.js';
import { applyEvents } from '../../src/runtime/apply-events.js';
import { forEachStore } from '../support/test-stores.js';
import { anEvent } from '../support/events.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T = Date.UTC(2026, 2, 2, 10);

const DEFINITIONS = parseDefinitions(`
version: 1
qualifier:
  questions:
    urgency: { prompt: How urgent?, answers: [this_week, evaluating_options] }
activation:
  milestones: [report]
  signup: { event: Signed Up }
milestones:
  report: { event: Report Created }
segments:
  reporters: { when: { performed: Report Created } }
`);

forEachStore('store contract: signal reads', (getStore) => {
  // Every event applied to the store by the cases so far (they share one store), in order.
  const applied: ReturnType<typeof anEvent>[] = [];
  it('reads profiles, accounts, early actions, activity counts and segment members', async () => {
    const store = getStore();
    const events = [
      // A visit before signup, merged into u1 at identify: it counts among u1's early actions.
      anEvent({
        type: 'page',
        event: 'Pricing',
        anonymousId: 'v1',
        timestamp: T - HOUR,
        messageId: 's1',
      }),
      anEvent({
        type: 'identify',
        userId: 'u1',
        anonymousId: 'v1',
        timestamp: T,
        messageId: 's2',
        traits: { role: 'technical', urgency: 'evaluating_options', seats: 3 },
      }),
      anEvent({ type: 'track', event: 'Signed Up', userId: 'u1', timestamp: T, messageId: 's3' }),
      anEvent({
        type: 'group',
        userId: 'u1',
        groupId: 'acme',
        timestamp: T + 1,
        messageId: 's4',
        traits: { mrr: 900, industry: 'finance' },
      }),
      anEvent({
        type: 'track',
        event: 'Report Created',
        userId: 'u1',
        timestamp: T + 2 * HOUR,
        messageId: 's5',
      }),
      anEvent({
        type: 'track',
        event: 'Report Created',
        userId: 'u1',
        timestamp: T + 30 * HOUR,
        messageId: 's6',
      }),
      anEvent({
        type: 'screen',
        event: 'Home',
        userId: 'u1',
        timestamp: T + 31 * HOUR,
        messageId: 's7',
      }),
      // Cairn's own events are not actions; the one after the horizon is not read.
      anEvent({
        type: 'track',
        event: 'Email Opened',
        userId: 'u1',
        timestamp: T + 3 * HOUR,
        messageId: 's8',
        source: 'internal',
      }),
      anEvent({
        type: 'track',
        event: 'Report Created',
        userId: 'u1',
        timestamp: T + 50 * HOUR,
        messageId: 's9',
      }),
      // u2 signed up a day later: its horizon counts from its own signup.
      anEvent({
        type: 'track',
        event: 'Signed Up',
        userId: 'u2',
        timestamp: T + DAY,
        messageId: 's10',
      }),
      anEvent({
        type: 'track',
        event: 'Task Created',
        userId: 'u2',
        timestamp: T + DAY + 47 * HOUR,
        messageId: 's11',
      }),
      // An anonymous visitor is not a user.
      anEvent({
        type: 'track',
        event: 'Task Created',
        anonymousId: 'v9',
        timestamp: T,
        messageId: 's12',
      }),
    ];
    await store.transaction((tx) =>
      applyEvents(tx, events, { now: T + 3 * DAY, definitions: DEFINITIONS }),
    );
    applied.push(...events);

    const profiles = (await store.signals.signalProfiles()).sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.deepEqual(
      profiles.map((p) => p.id),
      ['u1', 'u2'],
    );
    const u1 = profiles[0]!;
    assert.equal(u1.traits.role, 'technical');
    assert.equal(u1.traits.seats, 3);
    assert.deepEqual({ ...u1.answers }, { urgency: 'evaluating_options' });
    assert.equal(Object.getPrototypeOf(u1.answers), null);
    assert.deepEqual(u1.accounts, ['acme']);
    assert.equal(u1.lastSeen, T + 50 * HOUR);
    assert.deepEqual({ ...profiles[1]!.answers }, {});

    assert.deepEqual(await store.signals.signalAccounts(), [
      { id: 'acme', traits: { mrr: 900, industry: 'finance' } },
    ]);

    const early = await store.signals.earlyActions(48 * HOUR);
    assert.deepEqual(early, [
      { profileId: 'u1', name: 'Viewed Pricing Page', at: T - HOUR },
      { profileId: 'u1', name: 'Signed Up', at: T },
      { profileId: 'u1', name: 'Report Created', at: T + 2 * HOUR },
      { profileId: 'u1', name: 'Report Created', at: T + 30 * HOUR },
      { profileId: 'u1', name: 'Viewed Home Screen', at: T + 31 * HOUR },
      { profileId: 'u2', name: 'Signed Up', at: T + DAY },
      { profileId: 'u2', name: 'Task Created', at: T + DAY + 47 * HOUR },
    ]);
    // The horizon is inclusive and counts from each profile's signup.
    const short = await store.signals.earlyActions(2 * HOUR);
    assert.deepEqual(
      short.map((r) => `${r.profileId}:${r.name}`),
      ['u1:Viewed Pricing Page', 'u1:Signed Up', 'u1:Report Created', 'u2:Signed Up'],
    );

    // Only the names given.
    assert.deepEqual(
      (await store.signals.earlyActions(48 * HOUR, ['Report Created', 'Task Created'])).map(
        (r) => `${r.profileId}:${r.name}:${r.at - T}`,
      ),
      [
        `u1:Report Created:${2 * HOUR}`,
        `u1:Report Created:${30 * HOUR}`,
        `u2:Task Created:${DAY + 47 * HOUR}`,
      ],
    );
    // Grouped by the store: equal to plain code over the rows above (hours after each
    // profile's signup, rounded up, 0 at or before it), for several horizons.
    const signups = new Map([
      ['u1', T],
      ['u2', T + DAY],
    ]);
    for (const hours of [1, 2, 30, 31, 48]) {
      const expected = new Map<string, Map<string, number[]>>();
      for (const r of early) {
        const offset = r.at - signups.get(r.profileId)!;
        if (offset > hours * HOUR) continue;
        let mine = expected.get(r.profileId);
        if (!mine) expected.set(r.profileId, (mine = new Map()));
        mine.set(r.name, [...(mine.get(r.name) ?? []), Math.max(0, Math.ceil(offset / HOUR))]);
      }
      const got = await store.signals.earlyHours(hours);
      for (const mine of got.values()) for (const list of mine.values()) list.sort((a, b) => a - b);
      assert.deepEqual(got, expected, `${hours} hours`);
    }

    // Read together: the same hours, and the times of the names asked grouped from
    // earlyActions (also with a horizon past the hours read, and with no names).
    const cases: [number, string[], number][] = [
      [48, ['Report Created', 'Task Created'], 48 * HOUR],
      [48, ['Report Created', 'Viewed Pricing Page'], 30 * HOUR],
      [2, ['Report Created'], 48 * HOUR],
      [48, [], 48 * HOUR],
    ];
    for (const [hours, names, horizon] of cases) {
      const both = await store.signals.earlyHoursAndTimes(hours, names, horizon);
      const alone = await store.signals.earlyHours(hours);
      for (const map of [both.hours, alone])
        for (const mine of map.values())
          for (const list of mine.values()) list.sort((a, b) => a - b);
      assert.deepEqual(both.hours, alone, `${hours} hours`);
      const expected = new Map<string, Map<string, number[]>>();
      for (const r of await store.signals.earlyActions(horizon, names)) {
        let mine = expected.get(r.profileId);
        if (!mine) expected.set(r.profileId, (mine = new Map()));
        mine.set(r.name, [...(mine.get(r.name) ?? []), r.at]);
      }
      assert.deepEqual(both.times, expected, `${names.join(', ')} to ${horizon} ms`);
    }

    // With signup bounds: a profile signed up inside them reads as without; one outside may be
    // left out, and when it is not, reads the same.
    const bounds = { from: T + DAY, to: T + DAY };
    const whole = await store.signals.earlyHoursAndTimes(48, ['Task Created'], 48 * HOUR);
    const bounded = await store.signals.earlyHoursAndTimes(48, ['Task Created'], 48 * HOUR, bounds);
    const wholeNames = await store.signals.earlyNames(48);
    const boundedNames = await store.signals.earlyNames(48, bounds);
    assert.deepEqual(wholeNames.get('u2')?.sort(), ['Signed Up', 'Task Created']);
    for (const id of ['u1', 'u2']) {
      const inside = id === 'u2';
      for (const [got, all] of [
        [bounded.hours, whole.hours],
        [bounded.times, whole.times],
        [boundedNames, wholeNames],
      ] as const) {
        if (inside || got.has(id)) assert.deepEqual(got.get(id), all.get(id), id);
      }
    }

    // Counts per profile and name in [day, day + 1) and [day + 1, day + 1]: names not asked
    // are left out.
    const day = Math.floor(T / DAY);
    const totals = await store.signals.activityTotals(
      day,
      day + 1,
      day + 1,
      ['Report Created', 'Task Created'],
      'profiles',
    );
    assert.deepEqual(
      totals.sort((a, b) => (a.id < b.id ? -1 : 1)),
      [
        { id: 'anon:v9', name: 'Task Created', previous: 1, last: 0 },
        { id: 'u1', name: 'Report Created', previous: 1, last: 1 },
      ],
    );

    // Entered when the batch was applied (its clock).
    assert.deepEqual(await store.signals.segmentMembers('reporters'), [
      { profileId: 'u1', since: T + 3 * DAY },
    ]);
    assert.deepEqual(await store.signals.segmentMembers('nobody'), []);
  });

  it('counts activity days from each signup day and in two windows, per profile and account', async () => {
    const store = getStore();
    const e = (messageId: string, fields: Parameters<typeof anEvent>[0]) =>
      anEvent({ messageId, ...fields });
    const events = [
      e('a1', { type: 'track', event: 'Signed Up', userId: 'u1', timestamp: T }),
      e('a2', { type: 'group', userId: 'u1', groupId: 'acme', timestamp: T + 1 }),
      e('a3', { type: 'track', event: 'Report Created', userId: 'u1', timestamp: T + 2 * HOUR }),
      e('a4', { type: 'track', event: 'Report Created', userId: 'u1', timestamp: T + 30 * HOUR }),
      e('a5', { type: 'page', event: 'Pricing', userId: 'u1', timestamp: T + 31 * HOUR }),
      e('a6', { type: 'track', event: 'Report Created', userId: 'u1', timestamp: T + 50 * HOUR }),
      e('b1', { type: 'track', event: 'Signed Up', userId: 'u2', timestamp: T + DAY }),
      e('b2', { type: 'group', userId: 'u2', groupId: 'acme', timestamp: T + DAY + 1 }),
      e('b3', { type: 'track', event: 'Task Created', userId: 'u2', timestamp: T + DAY + HOUR }),
      e('b4', { type: 'track', event: 'Task Created', userId: 'u2', timestamp: T + 2 * DAY }),
      e('b5', { type: 'track', event: 'Task Created', userId: 'u2', timestamp: T + 3 * DAY }),
      // Another member's day in the account's union; an anonymous visitor has no signup.
      e('c1', { type: 'track', event: 'Task Created', anonymousId: 'v9', timestamp: T }),
    ];
    await store.transaction((tx) =>
      applyEvents(tx, events, { now: T + 4 * DAY, definitions: DEFINITIONS }),
    );
    applied.push(...events);
    const day = Math.floor(T / DAY);
    // Meaningful: the signup event and page views left out.
    const meaningful = {
      fromDay: day - 3,
      toDay: day + 10,
      include: null,
      exclude: ['Signed Up'],
      excludeViews: true,
    };
    const all = {
      fromDay: day - 3,
      toDay: day + 10,
      include: null,
      exclude: [],
      excludeViews: false,
    };
    const byId = <R extends { profileId: string }>(rows: R[]) =>
      rows.sort((a, b) => (a.profileId < b.profileId ? -1 : 1));

    // u1: active days day, day+1, day+2 from signup day `day`; u2: day+1, day+2, day+3 from day+1.
    assert.deepEqual(byId(await store.signals.signupActivity(meaningful, 1)), [
      { profileId: 'u1', lastDay: day + 2, onDay: true, firstDays: 1 },
      { profileId: 'u2', lastDay: day + 3, onDay: true, firstDays: 1 },
    ]);
    assert.deepEqual(byId(await store.signals.signupActivity(meaningful, 3)), [
      { profileId: 'u1', lastDay: day + 2, onDay: false, firstDays: 3 },
      { profileId: 'u2', lastDay: day + 3, onDay: false, firstDays: 3 },
    ]);
    // Without the first N days counted: the same last day and day N.
    assert.deepEqual(
      byId(await store.signals.signupActivity(meaningful, 1, { firstDays: false })),
      [
        { profileId: 'u1', lastDay: day + 2, onDay: true, firstDays: 0 },
        { profileId: 'u2', lastDay: day + 3, onDay: true, firstDays: 0 },
      ],
    );
    // The last day alone.
    assert.deepEqual(
      byId(await store.signals.signupActivity(meaningful, 1, { firstDays: false, onDay: false })),
      [
        { profileId: 'u1', lastDay: day + 2, onDay: false, firstDays: 0 },
        { profileId: 'u2', lastDay: day + 3, onDay: false, firstDays: 0 },
      ],
    );
    // The first N days without day N.
    assert.deepEqual(byId(await store.signals.signupActivity(meaningful, 3, { onDay: false })), [
      { profileId: 'u1', lastDay: day + 2, onDay: false, firstDays: 3 },
      { profileId: 'u2', lastDay: day + 3, onDay: false, firstDays: 3 },
    ]);
    // Every name, to day+1: the signup and the page view count.
    assert.deepEqual(byId(await store.signals.signupActivity({ ...all, toDay: day + 1 }, 0)), [
      { profileId: 'u1', lastDay: day + 1, onDay: true, firstDays: 0 },
      { profileId: 'u2', lastDay: day + 1, onDay: true, firstDays: 0 },
    ]);
    // Days before fromDay are not read, even after the signup day.
    assert.deepEqual(
      byId(await store.signals.signupActivity({ ...meaningful, fromDay: day + 2 }, 1)),
      [
        { profileId: 'u1', lastDay: day + 2, onDay: false, firstDays: 0 },
        { profileId: 'u2', lastDay: day + 3, onDay: true, firstDays: 0 },
      ],
    );
    // Only the names asked.
    assert.deepEqual(
      byId(
        await store.signals.signupActivity(
          { ...meaningful, include: ['Task Created'], exclude: [] },
          1,
        ),
      ),
      [{ profileId: 'u2', lastDay: day + 3, onDay: true, firstDays: 1 }],
    );

    const window = { ...meaningful, fromDay: day, toDay: day + 3 };
    const sorted = <R extends { id: string }>(rows: R[]) =>
      rows.sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.deepEqual(sorted(await store.signals.windowActivity(window, day + 2, 'profiles')), [
      { id: 'anon:v9', previous: 1, last: 0 },
      { id: 'u1', previous: 2, last: 1 },
      { id: 'u2', previous: 1, last: 2 },
    ]);
    // The account: a day on which any member was active, counted once.
    assert.deepEqual(await store.signals.windowActivity(window, day + 2, 'accounts'), [
      { id: 'acme', previous: 2, last: 2 },
    ]);

    // Counts per unit and name in two windows, against plain code over every event applied
    // (an account: its members' counts added; u1 and u2 are acme's members).
    const names = ['Report Created', 'Task Created', 'Viewed Pricing Page'];
    const known = new Map<string, string>();
    for (const ev of applied) if (ev.userId && ev.anonymousId) known.set(ev.anonymousId, ev.userId);
    for (const unit of ['profiles', 'accounts'] as const) {
      const expected = new Map<
        string,
        { id: string; name: string; previous: number; last: number }
      >();
      for (const ev of applied) {
        if (ev.type !== 'track' && ev.type !== 'page') continue;
        const name = ev.type === 'page' ? `Viewed ${ev.event} Page` : ev.event!;
        const d = Math.floor(ev.timestamp / DAY);
        if (!names.includes(name) || d < day || d > day + 3) continue;
        // A visitor later identified is that user's profile.
        const profile = ev.userId ?? known.get(ev.anonymousId!) ?? `anon:${ev.anonymousId}`;
        const owners = unit === 'profiles' ? [profile] : profile === 'anon:v9' ? [] : ['acme'];
        for (const id of owners) {
          const key = `${id}\u0000${name}`;
          const row = expected.get(key) ?? { id, name, previous: 0, last: 0 };
          if (d < day + 2) row.previous++;
          else row.last++;
          expected.set(key, row);
        }
      }
      const order = (a: { id: string; name: string }, b: { id: string; name: string }) =>
        a.id < b.id ? -1 : a.id > b.id ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
      assert.deepEqual(
        (await store.signals.activityTotals(day, day + 2, day + 3, names, unit)).sort(order),
        [...expected.values()].sort(order),
        unit,
      );
    }

    assert.deepEqual(
      (await store.signals.profilesSeen()).sort((a, b) => (a.id < b.id ? -1 : 1)),
      [
        { id: 'u1', lastSeen: T + 50 * HOUR, accountId: 'acme' },
        { id: 'u2', lastSeen: T + 3 * DAY, accountId: 'acme' },
      ],
    );
  });
  it('groups early hours for a name that holds the grouping separator, and a name seen for the first time', async () => {
    const store = getStore();
    const e = (messageId: string, fields: Parameters<typeof anEvent>[0]) =>
      anEvent({ messageId, ...fields });
    const odd = 'Odd\u0001Name';
    await store.transaction((tx) =>
      applyEvents(
        tx,
        [
          e('o1', { type: 'track', event: 'Signed Up', userId: 'u3', timestamp: T }),
          e('o2', { type: 'track', event: odd, userId: 'u3', timestamp: T + HOUR }),
          e('o3', { type: 'track', event: odd, userId: 'u3', timestamp: T + 3 * HOUR + 1 }),
          e('o4', {
            type: 'track',
            event: 'Report Created',
            userId: 'u3',
            timestamp: T + 5 * HOUR,
          }),
          e('o5', { type: 'page', event: 'Only Here', userId: 'u3', timestamp: T + 6 * HOUR }),
        ],
        { now: T + 4 * DAY, definitions: DEFINITIONS },
      ),
    );
    const got = (await store.signals.earlyHours(48)).get('u3');
    for (const list of got?.values() ?? []) list.sort((a, b) => a - b);
    assert.deepEqual(
      got,
      new Map([
        ['Signed Up', [0]],
        [odd, [1, 4]],
        ['Report Created', [5]],
        ['Viewed Only Here Page', [6]],
      ]),
    );
    // A name with char(1) among the names asked: the same answer.
    const both = await store.signals.earlyHoursAndTimes(48, [odd, 'Report Created'], 4 * HOUR);
    assert.deepEqual(both.times.get('u3'), new Map([[odd, [T + HOUR, T + 3 * HOUR + 1]]]));
    assert.deepEqual([...both.hours.get('u3')!.keys()].sort(), [...got!.keys()].sort());
  });
});
