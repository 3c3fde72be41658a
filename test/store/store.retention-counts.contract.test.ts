import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { IncomingEvent, StoredEvent } from '../../src/core/types.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { applyEvents } from '../../src/runtime/apply-events.js';
import type {
  ActivityQuery,
  AdoptionCountRow,
  RetentionCountRow,
} from '../../src/store/analytics-store.js';
import type { Store } from '../../src/store/store.js';
import { anEvent } from '../support/events.js';
import { forEachStore } from '../support/test-stores.js';

const DAY = 86_400_000;
/** Monday 2026-03-02, 10:00 UTC. */
const T = Date.UTC(2026, 2, 2, 10);
const D = Math.floor(T / DAY);

const definitions = parseDefinitions(`
version: 1
milestones:
  report_created: { event: Report Created }
activation:
  milestones: [report_created]
  signup: { event: Signed Up }
personas:
  path:
    rules:
      - { persona: technical, when: { answer: role, equals: technical } }
      - { persona: business, when: { answer: role, equals: business } }
qualifier:
  questions:
    role: { prompt: Role?, answers: [technical, business] }
`);

const LEFT_OUT = [
  'Logged In',
  'Logged Out',
  'Signed In',
  'Signed Out',
  'Login',
  'Logout',
  'Session Started',
  'Application Opened',
  'Application Backgrounded',
];

const track = (userId: string, event: string, at: number, anonymousId?: string) =>
  anEvent({
    type: 'track',
    event,
    userId,
    timestamp: at,
    ...(anonymousId ? { anonymousId, userId: null } : {}),
  });
const page = (userId: string, name: string, at: number) =>
  anEvent({ type: 'page', event: name, userId, timestamp: at });
const group = (userId: string, groupId: string, at: number) =>
  anEvent({ type: 'group', userId, groupId, timestamp: at });
const identify = (
  userId: string,
  at: number,
  traits: Record<string, string>,
  anonymousId?: string,
) =>
  anEvent({
    type: 'identify',
    userId,
    timestamp: at,
    traits,
    ...(anonymousId ? { anonymousId } : {}),
  });

/**
 * Users whose days exercise every rule of the default activity: views, logins, a day with only
 * the signup event (not a return), a day with the signup event and other work (a return),
 * activity before an identity merge, users outside the cohort range, one never signed up.
 */
function scenario(): IncomingEvent[] {
  const h = 3_600_000;
  return [
    // u1: technical, signs up on day 0.
    identify('u1', T, { role: 'technical' }),
    track('u1', 'Signed Up', T + 1000),
    track('u1', 'Report Created', T + DAY),
    page('u1', 'Pricing', T + 2 * DAY),
    track('u1', 'Logged In', T + 3 * DAY),
    track('u1', 'Signed Up', T + 8 * DAY),
    track('u1', 'Report Created', T + 15 * DAY),
    track('u1', 'Report Shared', T + 15 * DAY + h),
    // u2: business, day 1; a day with the signup event and a report (it counts).
    identify('u2', T + DAY, { role: 'business' }),
    track('u2', 'Signed Up', T + DAY + 1000),
    track('u2', 'Signed Up', T + 9 * DAY),
    track('u2', 'Report Created', T + 9 * DAY + h),
    track('u2', 'Report Shared', T + 30 * DAY),
    track('u2', 'Logged In', T + 31 * DAY),
    // u3: no persona; activity as a visitor, merged at identify.
    track('v3', 'Report Created', T + 2 * DAY, 'v3'),
    track('v3', 'Logged In', T + 9 * DAY, 'v3'),
    identify('u3', T + 9 * DAY + h, {}, 'v3'),
    track('u3', 'Signed Up', T + 9 * DAY + 2 * h),
    track('u3', 'Report Created', T + 10 * DAY),
    track('u3', 'Report Created', T + 17 * DAY),
    track('u3', 'Data Exported', T + 38 * DAY),
    // u4: identified, never signed up.
    identify('u4', T, { role: 'technical' }),
    track('u4', 'Report Created', T + 3 * DAY),
    // u5: technical, signed up long before the cohorts counted.
    identify('u5', T - 60 * DAY, { role: 'technical' }),
    track('u5', 'Signed Up', T - 60 * DAY + 1000),
    track('u5', 'Report Created', T + 4 * DAY),
    // u6: signs up and only ever signs up again or views pages.
    identify('u6', T + 2 * DAY, { role: 'business' }),
    track('u6', 'Signed Up', T + 2 * DAY + 1000),
    track('u6', 'Signed Up', T + 12 * DAY),
    page('u6', 'Docs', T + 13 * DAY),
    // Accounts: a1 has u1 and u2; a2 has u3 and u4 (never signed up: their days do not count);
    // a3 only u4 (no signed-up member); a4 u5 (cohort before the range) and u1; a5 u6.
    group('u1', 'a1', T + 2000),
    group('u2', 'a1', T + DAY + 2000),
    group('u3', 'a2', T + 9 * DAY + 3 * h),
    group('u4', 'a2', T + 1000),
    group('u4', 'a3', T + 2000),
    group('u5', 'a4', T - 60 * DAY + 2000),
    group('u1', 'a4', T + 3000),
    group('u6', 'a5', T + 2 * DAY + 2000),
  ];
}

// ---- The reference: plain loops over the raw stored events. ----

type Unit = 'day' | 'week' | 'month';

function periodNumber(unit: Unit, day: number): number {
  if (unit === 'day') return day;
  // Weeks from Monday: 1970-01-05 (day 4) was one.
  if (unit === 'week') return Math.floor((day - 4) / 7);
  const d = new Date(day * DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function nameOf(e: StoredEvent): string | null {
  if (e.source === 'internal') return null;
  if (e.type === 'track') return e.event;
  if (e.type === 'page') return e.event ? `Viewed ${e.event} Page` : 'Loaded a Page';
  if (e.type === 'screen') return e.event ? `Viewed ${e.event} Screen` : 'Loaded a Screen';
  return null;
}

function counted(activity: ActivityQuery, name: string): boolean {
  if (activity.include && !activity.include.includes(name)) return false;
  if (activity.exclude.includes(name)) return false;
  if (activity.excludeViews && /^(Viewed .+ (Page|Screen)|Loaded a (Page|Screen))$/.test(name)) {
    return false;
  }
  return true;
}

interface RefQuery {
  unit: Unit;
  activity: ActivityQuery;
  persona: boolean;
  fromCohortDay: number;
  toCohortDay: number;
  periods: number;
  summaryDays: number[];
  /** Accounts as the unit: each account with a signed-up member (by group calls), its cohort
   * day the earliest signed-up member's, active on any signed-up member's days. */
  accounts?: boolean;
}

function referenceCounts(events: StoredEvent[], q: RefQuery): RetentionCountRow[] {
  const signup = new Map<string, number>();
  const persona = new Map<string, string | null>();
  const days = new Map<string, Set<number>>();
  for (const e of events) {
    if (e.source !== 'internal' && e.type === 'track' && e.event === 'Signed Up') {
      signup.set(e.profileId, Math.min(signup.get(e.profileId) ?? Infinity, e.timestamp));
    }
  }
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (e.source === 'internal' && e.event === 'Persona Changed') {
      persona.set(e.profileId, (e.properties.to as string | null) ?? null);
    }
    const name = nameOf(e);
    const day = Math.floor(e.timestamp / DAY);
    if (name === null || !counted(q.activity, name)) continue;
    if (day < q.activity.fromDay || day > q.activity.toDay) continue;
    if (!days.has(e.profileId)) days.set(e.profileId, new Set());
    days.get(e.profileId)!.add(day);
  }
  const out = new Map<string, RetentionCountRow>();
  const bump = (
    kind: RetentionCountRow['kind'],
    group: string | null,
    cd: number | null,
    n: number,
  ) => {
    const key = JSON.stringify([kind, group, cd, n]);
    const row = out.get(key) ?? { kind, group, cohortDay: cd, n, count: 0 };
    row.count++;
    out.set(key, row);
  };
  let units = [...signup].map(([id, at]) => ({
    at,
    group: q.persona ? (persona.get(id) ?? null) : null,
    days: days.get(id) ?? new Set<number>(),
  }));
  if (q.accounts) {
    const members = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.type !== 'group' || e.groupId === null || !signup.has(e.profileId)) continue;
      if (!members.has(e.groupId)) members.set(e.groupId, new Set());
      members.get(e.groupId)!.add(e.profileId);
    }
    units = [...members.values()].map((ids) => ({
      at: Math.min(...[...ids].map((id) => signup.get(id)!)),
      group: null,
      days: new Set([...ids].flatMap((id) => [...(days.get(id) ?? [])])),
    }));
  }
  for (const unit of units) {
    const group = unit.group;
    bump('group', group, null, 0);
    const cd = Math.floor(unit.at / DAY);
    if (cd < q.fromCohortDay || cd > q.toCohortDay) continue;
    bump('size', group, cd, 0);
    const mine = [...unit.days];
    const ns = new Set(mine.map((d) => periodNumber(q.unit, d) - periodNumber(q.unit, cd)));
    for (const n of ns) if (n >= 1 && n <= q.periods) bump('on', group, cd, n);
    const last = Math.max(-Infinity, ...ns);
    if (last >= 1) bump('last', group, cd, Math.min(last, q.periods));
    for (const s of q.summaryDays) {
      if (mine.includes(cd + s)) bump('day_on', group, cd, s);
      if (mine.some((d) => d >= cd + s)) bump('day_after', group, cd, s);
    }
  }
  return [...out.values()];
}

const sorted = (rows: RetentionCountRow[]) =>
  rows.map((r) => JSON.stringify([r.kind, r.group, r.cohortDay, r.n, r.count])).sort();

async function storedEvents(store: Store): Promise<StoredEvent[]> {
  return store.readEvents(0, 10_000);
}

/** The default activity over the scenario's days: meaningful events, the signup event not. */
const meaningful: ActivityQuery = {
  fromDay: D - 7,
  toDay: D + 45,
  include: null,
  exclude: [...LEFT_OUT, 'Signed Up'],
  excludeViews: true,
};

/** What the store is asked for a reference query (cohorts by signup, the scenario's signup event). */
function storeQuery(q: RefQuery) {
  return {
    activity: q.activity,
    unit: q.unit,
    cohortBy: 'signup' as const,
    signupEvent: 'Signed Up',
    fromCohortDay: q.fromCohortDay,
    toCohortDay: q.toCohortDay,
    periods: q.periods,
    persona: q.persona ? ('path' as const) : null,
    summaryDays: q.summaryDays,
    ...(q.accounts ? { accounts: true } : {}),
  };
}

/** Day cohorts of the scenario's signups with the default activity and day 8 summarized. */
const scenarioDays = (accounts: boolean) =>
  storeQuery({
    unit: 'day',
    activity: meaningful,
    persona: false,
    fromCohortDay: D - 7,
    toCohortDay: D + 13,
    periods: 40,
    summaryDays: [8],
    accounts,
  });

forEachStore('store contract: retention counts', (getStore) => {
  it('counts cohorts, periods, last periods and summary days as plain code does', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      applyEvents(tx, scenario(), { definitions, now: T + 40 * DAY, stateAtEventTime: true }),
    );
    const events = await storedEvents(store);
    const activities: ActivityQuery[] = [
      meaningful,
      { ...meaningful, exclude: [...LEFT_OUT] },
      { ...meaningful, fromDay: D + 9, toDay: D + 16 },
      { ...meaningful, include: null, exclude: [], excludeViews: false },
      { ...meaningful, include: ['Report Created', 'Signed Up'], exclude: [], excludeViews: false },
    ];
    let nonEmpty = 0;
    for (const activity of activities) {
      for (const unit of ['day', 'week', 'month'] as const) {
        for (const persona of [false, true]) {
          const q: RefQuery = {
            unit,
            activity,
            persona,
            fromCohortDay: D - 7,
            toCohortDay: D + 13,
            periods: unit === 'day' ? 40 : unit === 'week' ? 5 : 2,
            summaryDays: [1, 7, 8, 9, 30],
          };
          const rows = await store.analytics.retentionCounts(storeQuery(q));
          const expected = referenceCounts(events, q);
          assert.deepEqual(
            sorted(rows),
            sorted(expected),
            `${unit} persona ${persona} ${JSON.stringify(activity)}`,
          );
          if (expected.some((r) => r.kind === 'on')) nonEmpty++;
        }
      }
    }
    assert.ok(nonEmpty >= 20, `most queries count returns (${nonEmpty})`);
    // The scenario's own checks of the default activity: u1's signup-only day 8 is no return,
    // u2's day 9 (signup and a report) is; u6 never returns.
    const rows = await store.analytics.retentionCounts(scenarioDays(false));
    const dayOn = (cd: number) =>
      rows.find((r) => r.kind === 'day_on' && r.cohortDay === cd && r.n === 8)?.count ?? 0;
    assert.equal(dayOn(D), 0);
    assert.equal(dayOn(D + 1), 1);
    assert.equal(rows.filter((r) => r.kind === 'last' && r.cohortDay === D + 2).length, 0);
  });

  it('counts accounts (members merged) as plain code does', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      applyEvents(tx, scenario(), { definitions, now: T + 40 * DAY, stateAtEventTime: true }),
    );
    const events = await storedEvents(store);
    let nonEmpty = 0;
    for (const activity of [
      meaningful,
      { ...meaningful, fromDay: D + 9, toDay: D + 16 },
      { ...meaningful, include: null, exclude: [], excludeViews: false },
      { ...meaningful, include: ['Report Created', 'Signed Up'], exclude: [], excludeViews: false },
    ]) {
      for (const unit of ['day', 'week', 'month'] as const) {
        const q: RefQuery = {
          unit,
          activity,
          persona: false,
          fromCohortDay: D - 7,
          toCohortDay: D + 13,
          periods: unit === 'day' ? 40 : unit === 'week' ? 5 : 2,
          summaryDays: [1, 7, 8, 9, 30],
          accounts: true,
        };
        const rows = await store.analytics.retentionCounts(storeQuery(q));
        const expected = referenceCounts(events, q);
        assert.deepEqual(sorted(rows), sorted(expected), `${unit} ${JSON.stringify(activity)}`);
        if (expected.some((r) => r.kind === 'on')) nonEmpty++;
      }
    }
    assert.ok(nonEmpty >= 8, `most queries count returns (${nonEmpty})`);
    // Four accounts have a signed-up member (a3 has none); a4's cohort is u5's, before the range.
    const rows = await store.analytics.retentionCounts(scenarioDays(true));
    assert.equal(rows.find((r) => r.kind === 'group')?.count, 4);
    const sizes = rows.filter((r) => r.kind === 'size').map((r) => [r.cohortDay! - D, r.count]);
    assert.deepEqual(
      sizes.sort((a, b) => a[0] - b[0]),
      [
        [0, 1],
        [2, 1],
        [9, 1],
      ],
    );
  });
});

/** Adoption's counts by plain loops over the raw stored events (see `adoptionCounts`). */
function referenceAdoption(
  events: StoredEvent[],
  activity: ActivityQuery,
  from: number,
  to: number,
): AdoptionCountRow[] {
  const signedUp = new Set<string>();
  const firstReport = new Map<string, number>();
  for (const e of events) {
    if (e.source === 'internal' || e.type !== 'track') continue;
    if (e.event === 'Signed Up') signedUp.add(e.profileId);
    if (e.event === 'Report Created') {
      firstReport.set(e.profileId, Math.min(firstReport.get(e.profileId) ?? Infinity, e.timestamp));
    }
  }
  const names = new Map<string, Set<string>>();
  for (const e of events) {
    const name = nameOf(e);
    const day = Math.floor(e.timestamp / DAY);
    if (name === null || !signedUp.has(e.profileId)) continue;
    if (day < activity.fromDay || day > activity.toDay) continue;
    if (!names.has(e.profileId)) names.set(e.profileId, new Set());
    names.get(e.profileId)!.add(name);
  }
  const active = [...names].filter(([, set]) => [...set].some((n) => counted(activity, n)));
  const out: AdoptionCountRow[] = [{ kind: 'active', name: null, count: active.length }];
  const byName = new Map<string, number>();
  for (const [, set] of active) for (const n of set) byName.set(n, (byName.get(n) ?? 0) + 1);
  for (const [name, count] of byName) out.push({ kind: 'event', name, count });
  const reached = active.filter(([id]) => {
    const at = firstReport.get(id);
    return at !== undefined && at >= from && at < to;
  }).length;
  if (reached > 0) out.push({ kind: 'milestone', name: 'report_created', count: reached });
  return out;
}

forEachStore('store contract: adoption counts', (getStore) => {
  it('counts active users, names and milestones as plain code does', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      applyEvents(tx, scenario(), { definitions, now: T + 40 * DAY, stateAtEventTime: true }),
    );
    const events = await storedEvents(store);
    const asRows = (rows: AdoptionCountRow[]) =>
      rows.map((r) => JSON.stringify([r.kind, r.name, r.count])).sort();
    let withMilestones = 0;
    for (const first of [D - 7, D, D + 7, D + 14]) {
      const meaningful: ActivityQuery = {
        fromDay: first,
        toDay: first + 6,
        include: null,
        exclude: [...LEFT_OUT, 'Signed Up'],
        excludeViews: true,
      };
      for (const activity of [
        meaningful,
        { ...meaningful, exclude: [], excludeViews: false },
        {
          ...meaningful,
          include: ['Report Shared', 'Logged In'],
          exclude: [],
          excludeViews: false,
        },
      ]) {
        const [from, to] = [first * DAY, (first + 7) * DAY];
        const rows = await store.analytics.adoptionCounts({
          activity,
          from,
          to,
          signupEvent: 'Signed Up',
        });
        const expected = referenceAdoption(events, activity, from, to);
        assert.deepEqual(
          asRows(rows),
          asRows(expected),
          `${first - D} ${JSON.stringify(activity)}`,
        );
        if (expected.some((r) => r.kind === 'milestone')) withMilestones++;
      }
    }
    assert.ok(withMilestones >= 2, `milestones counted (${withMilestones})`);
  });
});
