/**
 * Every metric against an independent reference (reference.ts) computed from the raw rows of a
 * seeded population (population.ts), on both stores.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { StoredEvent } from '../../src/core/types.js';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import { runAnalytics } from '../../src/analytics/run-analytics.js';
import type { MetricName, RawParams } from '../../src/analytics/params.js';
import type { MessageRecord, Store } from '../../src/store/store.js';
import { forEachStore } from '../support/test-stores.js';
import {
  DAY,
  NOW,
  PLANTED_ACTIVATION,
  generatePopulation,
  loadPopulation,
  testDefinitions,
} from './population.js';
import {
  allEvents,
  allMessages,
  meaningful,
  mondayOf,
  refActivityDays,
  refConversions,
  refNames,
  refQuantile,
  refStagesAt,
  refUsers,
  wilson,
  type RefUser,
} from './reference.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- answers are checked field by field */
type Any = any;

const USERS = 700;

/** Durations from two formulas of the same quantile agree to far below a millisecond. */
function near(actual: number | null, expected: number | null, what: string): void {
  if (actual === null || expected === null) return assert.equal(actual, expected, what);
  assert.ok(Math.abs(actual - expected) < 1e-3, `${what}: ${actual} vs ${expected}`);
}

forEachStore('analytics against a brute-force reference', (getStore) => {
  let definitions: LoadedDefinitions;
  let events: StoredEvent[];
  let messages: MessageRecord[];
  let users: Map<string, RefUser>;
  const ask = async (metric: MetricName, params: RawParams = {}): Promise<Any> =>
    runAnalytics(
      metric,
      { store: getStore().analytics, definitions: definitions.definitions, now: NOW },
      params,
    );

  before(async () => {
    definitions = testDefinitions();
    await loadPopulation(getStore(), generatePopulation(42, USERS), definitions);
    events = await allEvents(getStore());
    messages = await allMessages(getStore());
    users = refUsers(events);
  });

  const from = '2025-01-01';
  const personaOf = (u: RefUser) => u.persona ?? '(none)';

  it('activation per persona: counts, pending, rates, Wilson intervals and time to value', async () => {
    const answer = await ask('activation', { by: 'persona.path', from, min_size: '20' });
    assert.equal(answer.filters.by, 'persona.path');
    assert.ok(answer.definitions.activated.includes('source_connected'));
    assert.match(answer.definitions.timeZone, /^UTC: days start at 00:00 UTC/);
    assert.match(answer.definitions.freshness, /committed/);
    const groups = new Map<string, RefUser[]>();
    for (const u of users.values()) {
      const list = groups.get(personaOf(u)) ?? [];
      list.push(u);
      groups.set(personaOf(u), list);
    }
    assert.deepEqual(answer.result.groups.map((g: Any) => g.key).sort(), [...groups.keys()].sort());
    for (const g of answer.result.groups) {
      const list = groups.get(g.key)!;
      const activated = list.filter((u) => u.activatedAt !== null);
      const pending = list.filter((u) => u.activatedAt === null && u.signupAt + 7 * DAY > NOW);
      const total = list.length - pending.length;
      assert.equal(g.users, list.length, g.key);
      assert.equal(g.pending, pending.length, g.key);
      assert.equal(g.activated.count, activated.length, g.key);
      assert.equal(g.activated.total, total, g.key);
      if (total >= 20) {
        const [low, high] = wilson(activated.length, total);
        assert.ok(Math.abs(g.activated.rate - activated.length / total) < 1e-12);
        assert.ok(
          Math.abs(g.activated.low - low) < 1e-9 && Math.abs(g.activated.high - high) < 1e-9,
          g.key,
        );
      } else {
        assert.equal(g.activated.rate, null);
        assert.equal(g.activated.small, true);
      }
      const ttv = activated.map((u) => u.activatedAt! - u.signupAt);
      assert.equal(g.timeToValue.n, ttv.length);
      near(g.timeToValue.median, refQuantile(ttv, 0.5), `${g.key} median`);
      near(g.timeToValue.p75, refQuantile(ttv, 0.75), `${g.key} p75`);
      near(g.timeToValue.p90, refQuantile(ttv, 0.9), `${g.key} p90`);
    }
  });

  it('recovers the planted activation rate of each persona within its 95 % interval', async () => {
    const answer = await ask('activation', { by: 'persona.path', from });
    for (const [persona, planted] of Object.entries(PLANTED_ACTIVATION)) {
      const g = answer.result.groups.find((x: Any) => x.key === persona);
      assert.ok(g && !g.activated.small, persona);
      assert.ok(
        g.activated.low <= planted && planted <= g.activated.high,
        `${persona}: ${planted} outside [${g.activated.low}, ${g.activated.high}]`,
      );
    }
  });

  it('funnel over the activation milestones, ordered and in any order', async () => {
    const steps = ['source_connected', 'report_created', 'report_shared'];
    for (const order of ['ordered', 'any'] as const) {
      const answer = await ask('activation', { from, funnel: order });
      const population = [...users.values()];
      let previousCount = population.length;
      for (let k = 0; k < steps.length; k++) {
        const reached = population.filter((u) => {
          const times = steps.slice(0, k + 1).map((s) => u.milestones.get(s));
          if (times.some((t) => t === undefined)) return false;
          if (order === 'any') return true;
          for (let j = 1; j < times.length; j++) if (times[j]! < times[j - 1]!) return false;
          return true;
        });
        const step = answer.result.funnel[k];
        assert.equal(step.milestone, steps[k]);
        assert.equal(step.users, reached.length, `${order} step ${k}`);
        assert.equal(step.fromPrevious.total, previousCount);
        assert.ok(step.users <= previousCount, 'no step exceeds the one before');
        const gaps = reached.map((u) => {
          const times = steps.slice(0, k + 1).map((s) => u.milestones.get(s)!);
          const prev =
            k === 0
              ? u.signupAt
              : order === 'ordered'
                ? times[k - 1]
                : Math.max(u.signupAt, ...times.slice(0, k));
          const at = order === 'ordered' ? times[k] : Math.max(u.signupAt, ...times);
          return Math.max(0, at - prev);
        });
        near(step.medianFromPreviousMs, refQuantile(gaps, 0.5), `${order} step ${k} median`);
        previousCount = reached.length;
      }
    }
  });

  it('conversion from the trait rule: rate and time to convert per persona', async () => {
    const answer = await ask('conversion', { by: 'persona.path', from, min_size: '1' });
    const converted = refConversions(events, ['pro', 'team']);
    for (const g of answer.result.groups) {
      const list = [...users.values()].filter((u) => personaOf(u) === g.key);
      const times = list
        .filter((u) => converted.has(u.id))
        .map((u) => Math.max(0, converted.get(u.id)! - u.signupAt));
      assert.equal(g.users, list.length);
      assert.equal(g.converted.count, times.length, g.key);
      near(g.timeToConvert.median, refQuantile(times, 0.5), `${g.key} median`);
      near(g.timeToConvert.p90, refQuantile(times, 0.9), `${g.key} p90`);
    }
  });

  it('weekly retention cells equal a brute-force count, "on" and "on or after"', async () => {
    const days = refActivityDays(events);
    for (const mode of ['on', 'on_or_after'] as const) {
      const answer = await ask('retention', {
        period: 'week',
        periods: '10',
        mode,
        from: '2026-01-01',
      });
      const table = answer.result.overall;
      assert.ok(table.cohorts.length >= 10);
      const nowMonday = mondayOf(NOW);
      let checked = 0;
      for (const cohort of table.cohorts) {
        const members = [...users.values()].filter((u) => mondayOf(u.signupAt) === cohort.start);
        assert.equal(cohort.size, members.length, cohort.cohort);
        for (let n = 0; n <= 10; n++) {
          const weekStart = cohort.start + n * 7 * DAY;
          const cell = cohort.cells[n];
          if (members.length === 0 || weekStart > NOW) {
            assert.equal(cell, null, `${cohort.cohort} +${n} has not started`);
            continue;
          }
          const count =
            n === 0
              ? members.length
              : members.filter((u) =>
                  [...(days.get(u.id) ?? [])].some((d) => {
                    const w = (mondayOf(d * DAY) - cohort.start) / (7 * DAY);
                    return mode === 'on' ? w === n : w >= n;
                  }),
                ).length;
          assert.equal(cell.count, count, `${mode} ${cohort.cohort} +${n}`);
          assert.equal(
            cell.incomplete,
            weekStart === nowMonday,
            `${cohort.cohort} +${n} incomplete`,
          );
          checked++;
        }
      }
      assert.ok(checked > 40);
      // The weighted mean of period 1 over complete cells.
      let ret = 0;
      let size = 0;
      for (const c of table.cohorts) {
        const cell = c.cells[1];
        if (cell && !cell.incomplete) {
          ret += cell.count;
          size += c.size;
        }
      }
      assert.equal(table.mean[1].weighted, ret / size);
    }
  });

  it('D1/D7/D30 summary over users whose day N is over, and a cell lists exactly its users', async () => {
    const days = refActivityDays(events);
    const answer = await ask('retention', {
      period: 'week',
      from: '2026-01-01',
      cell: '2026-02-02:2',
    });
    const today = Math.floor(NOW / DAY);
    const cohortStart = Date.UTC(2026, 0, 1);
    const firstMonday = mondayOf(cohortStart);
    for (const s of answer.result.overall.summary) {
      const eligible = [...users.values()].filter(
        (u) => mondayOf(u.signupAt) >= firstMonday && Math.floor(u.signupAt / DAY) + s.day < today,
      );
      const on = eligible.filter((u) => days.get(u.id)?.has(Math.floor(u.signupAt / DAY) + s.day));
      const after = eligible.filter((u) =>
        [...(days.get(u.id) ?? [])].some((d) => d >= Math.floor(u.signupAt / DAY) + s.day),
      );
      assert.equal(s.on.total, eligible.length, `D${s.day}`);
      assert.equal(s.on.count, on.length, `D${s.day}`);
      assert.equal(s.onOrAfter.count, after.length, `D${s.day}`);
    }
    const cohortMonday = Date.UTC(2026, 1, 2);
    const expected = [...users.values()]
      .filter((u) => mondayOf(u.signupAt) === cohortMonday)
      .filter((u) =>
        [...(days.get(u.id) ?? [])].some((d) => mondayOf(d * DAY) === cohortMonday + 14 * DAY),
      )
      .map((u) => u.id)
      .sort();
    assert.deepEqual(answer.result.cell.units, expected);
    const row = answer.result.overall.cohorts.find((c: Any) => c.cohort === '2026-02-02');
    assert.equal(row.cells[2].count, expected.length);
  });

  it('retention of accounts: every weekly cell equals a brute-force count over members', async () => {
    const days = refActivityDays(events);
    const accounts = new Map<string, { cohort: number; days: Set<number> }>();
    for (const e of events) {
      if (e.type !== 'group' || e.groupId === null) continue;
      const u = users.get(e.profileId);
      if (!u) continue;
      const a = accounts.get(e.groupId) ?? { cohort: Infinity, days: new Set<number>() };
      a.cohort = Math.min(a.cohort, mondayOf(u.signupAt));
      for (const d of days.get(u.id) ?? []) a.days.add(d);
      accounts.set(e.groupId, a);
    }
    const answer = await ask('retention', {
      period: 'week',
      periods: '8',
      unit: 'accounts',
      from: '2026-01-01',
    });
    let checked = 0;
    for (const cohort of answer.result.overall.cohorts) {
      const members = [...accounts.values()].filter((a) => a.cohort === cohort.start);
      assert.equal(cohort.size, members.length, cohort.cohort);
      for (let n = 1; n <= 8; n++) {
        const cell = cohort.cells[n];
        if (cell === null) continue;
        const count = members.filter((a) =>
          [...a.days].some((d) => mondayOf(d * DAY) === cohort.start + n * 7 * DAY),
        ).length;
        assert.equal(cell.count, count, `${cohort.cohort} +${n}`);
        checked++;
      }
    }
    assert.ok(checked > 20, `cells checked: ${checked}`);
  });

  it('retention by persona: each group table counts only its users', async () => {
    const answer = await ask('retention', {
      period: 'week',
      from: '2026-01-01',
      by: 'persona.path',
    });
    for (const g of answer.result.groups) {
      const list = [...users.values()].filter(
        (u) => personaOf(u) === g.key && mondayOf(u.signupAt) >= mondayOf(Date.UTC(2026, 0, 1)),
      );
      assert.equal(g.units, list.length, g.key);
    }
  });

  it('retention by persona, weeks and months, "on" and "on or after": every cell, group and D-N summary equal a brute-force count', async () => {
    const days = refActivityDays(events);
    const monthOf = (ms: number) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth();
    const index = {
      week: (ms: number) => Math.round(mondayOf(ms) / (7 * DAY)),
      month: monthOf,
    };
    const startOf = {
      week: (cohortStart: number, n: number) => cohortStart + n * 7 * DAY,
      month: (cohortStart: number, n: number) =>
        Date.UTC(new Date(cohortStart).getUTCFullYear(), new Date(cohortStart).getUTCMonth() + n),
    };
    const keys = [...new Set([...users.values()].map(personaOf))].sort((a, b) =>
      a === b ? 0 : a === '(none)' ? 1 : b === '(none)' ? -1 : a < b ? -1 : 1,
    );
    const today = Math.floor(NOW / DAY);
    let checked = 0;
    for (const period of ['week', 'month'] as const) {
      for (const mode of ['on', 'on_or_after'] as const) {
        const periods = period === 'week' ? 10 : 3;
        const answer = await ask('retention', {
          period,
          periods: String(periods),
          mode,
          from: '2026-01-01',
          by: 'persona.path',
        });
        assert.deepEqual(
          answer.result.groups.map((g: Any) => g.key),
          keys,
        );
        const idx = index[period];
        const first = idx(Date.UTC(2026, 0, 1));
        for (const table of [answer.result.overall, ...answer.result.groups]) {
          const group = [...users.values()].filter(
            (u) => table.key === 'all' || personaOf(u) === table.key,
          );
          const inRange = group.filter((u) => idx(u.signupAt) >= first);
          assert.equal(table.units, inRange.length, `${period} ${table.key} units`);
          for (const cohort of table.cohorts) {
            const members = group.filter((u) => idx(u.signupAt) === idx(cohort.start));
            assert.equal(cohort.size, members.length, `${period} ${table.key} ${cohort.cohort}`);
            for (let n = 0; n <= periods; n++) {
              const start = startOf[period](cohort.start, n);
              const cell = cohort.cells[n];
              const what = `${period} ${mode} ${table.key} ${cohort.cohort} +${n}`;
              if (members.length === 0 || start > NOW) {
                assert.equal(cell, null, what);
                continue;
              }
              const count =
                n === 0
                  ? members.length
                  : members.filter((u) =>
                      [...(days.get(u.id) ?? [])].some((d) => {
                        const k = idx(d * DAY) - idx(u.signupAt);
                        return mode === 'on' ? k === n : k >= n;
                      }),
                    ).length;
              assert.equal(cell.count, count, what);
              assert.equal(cell.incomplete, startOf[period](cohort.start, n + 1) > NOW, what);
              checked++;
            }
          }
          for (const s of table.summary) {
            const eligible = inRange.filter((u) => Math.floor(u.signupAt / DAY) + s.day < today);
            const target = (u: RefUser) => Math.floor(u.signupAt / DAY) + s.day;
            const on = eligible.filter((u) => days.get(u.id)?.has(target(u)));
            const after = eligible.filter((u) =>
              [...(days.get(u.id) ?? [])].some((d) => d >= target(u)),
            );
            const what = `${period} ${mode} ${table.key} D${s.day}`;
            assert.equal(s.on.total, eligible.length, what);
            assert.equal(s.on.count, on.length, what);
            assert.equal(s.onOrAfter.count, after.length, what);
          }
        }
      }
    }
    assert.ok(checked > 200, `${checked} cells`);
  });

  it("adoption of each event among the week's active users, and its change", async () => {
    const answer = await ask('adoption', { period: 'week', at: '2026-03-10' });
    // Sign-ins are not meaningful activity: not an adoption item unless asked for.
    assert.ok(!answer.result.overall.items.some((i: Any) => i.item === 'event:Logged In'));
    assert.ok(answer.result.overall.items.some((i: Any) => i.item === 'milestone:report_shared'));
    const asked = await ask('adoption', {
      period: 'week',
      at: '2026-03-10',
      items: 'Logged In,Task Created',
    });
    assert.deepEqual(asked.result.overall.items.map((i: Any) => i.item).sort(), [
      'event:Logged In',
      'event:Task Created',
    ]);
    const start = Date.UTC(2026, 2, 9);
    const signedUp = new Set(users.keys());
    const cur = refNames(events, start, start + 7 * DAY);
    const prev = refNames(events, start - 7 * DAY, start);
    const active = (m: Map<string, Set<string>>) =>
      [...m].filter(([id, s]) => signedUp.has(id) && [...s].some(meaningful));
    const a = active(cur);
    const p = active(prev);
    assert.equal(answer.result.overall.active, a.length);
    assert.equal(answer.result.overall.previousActive, p.length);
    for (const name of ['Task Created', 'Report Created', 'Automation Created', 'Logged In']) {
      const items = name === 'Logged In' ? asked.result.overall.items : answer.result.overall.items;
      const item = items.find((i: Any) => i.item === `event:${name}`);
      assert.ok(item, name);
      assert.equal(item.current.count, a.filter(([, s]) => s.has(name)).length, name);
      assert.equal(item.previous.count, p.filter(([, s]) => s.has(name)).length, name);
      assert.ok(
        Math.abs(item.change - (item.current.count / a.length - item.previous.count / p.length)) <
          1e-12,
      );
    }
  });

  it("lifecycle and engagement stage counts at each week's end, from the recorded changes", async () => {
    const answer = await ask('lifecycle', { period: 'week', from: '2026-01-05' });
    for (const kind of ['lifecycle', 'engagement'] as const) {
      for (const period of answer.result[kind]) {
        const end = Math.min(period.start + 7 * DAY, NOW + 1) - 1;
        const expected = refStagesAt(events, kind, end);
        assert.deepEqual(
          { ...period.stages },
          Object.fromEntries(expected),
          `${kind} ${period.period}`,
        );
      }
    }
  });

  it('message metrics per template equal counts over the delivery log and engagement events', async () => {
    const answer = await ask('messages', { from: '2025-12-01', min_size: '1' });
    const engaged = (name: string) =>
      new Set(
        events
          .filter((e) => e.source === 'internal' && e.event === name)
          .map((e) => e.properties.message as string),
      );
    const bounced = engaged('Email Bounced');
    const opened = engaged('Email Opened');
    for (const g of answer.result.groups) {
      const list = messages.filter((m) => m.template === g.key);
      const sent = list.filter((m) => m.state === 'sent');
      const delivered = sent.filter((m) => !bounced.has(m.id));
      const refused = list.filter((m) => m.state === 'failed');
      assert.equal(g.created, list.length);
      assert.equal(g.sent, sent.length);
      assert.equal(g.delivered, delivered.length);
      assert.equal(g.rates.opened.count, delivered.filter((m) => opened.has(m.id)).length);
      assert.equal(g.rates.opened.inflated, true);
      assert.equal(
        g.rates.bounced.count,
        refused.length + sent.filter((m) => bounced.has(m.id)).length,
      );
    }
  });

  it('refuses unknown and malformed parameters, naming the field', async () => {
    await assert.rejects(ask('retention', { colour: 'red' }), /colour: unknown parameter/);
    await assert.rejects(ask('activation', { by: 'persona' }), /by: expected persona/);
    await assert.rejects(ask('retention', { period: 'year' }), /period: expected one of/);
    await assert.rejects(ask('activation', { from: 'yesterday' }), /from: expected an ISO 8601/);
  });

  it('answers from what is stored now: a new signup counts at once', async () => {
    const before = await ask('activation', { from });
    const { applyEvents } = await import('../../src/runtime/apply-events.js');
    const { anEvent } = await import('../support/events.js');
    const store: Store = getStore();
    await store.transaction((tx) =>
      applyEvents(
        tx,
        [
          anEvent({
            type: 'track',
            event: 'Signed Up',
            userId: 'fresh-user',
            timestamp: NOW - 60_000,
          }),
        ],
        { definitions, now: NOW },
      ),
    );
    const after = await ask('activation', { from });
    assert.equal(after.result.overall.users, before.result.overall.users + 1);
    assert.equal(after.result.overall.pending, before.result.overall.pending + 1);
  });
});
