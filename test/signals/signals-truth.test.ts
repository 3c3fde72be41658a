import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runSignals } from '../../src/signals/run-signals.js';
import type { Store } from '../../src/store/store.js';
import {
  actionName,
  auditGroupsByRetention,
  bh,
  converted,
  DAY,
  didWithin,
  eligible,
  fisher,
  holdsAttribute,
  newcombe,
  oddsRatio1,
  phiOf,
  refUsers,
  retained,
  wilson,
  type RefAuditRow,
  type RefUser,
  MEANINGFUL,
  PAID,
} from './reference.js';
import { END, rawRows, simulatedPopulation, type Population } from './simulated-population.js';

/**
 * The signals on a `cairn simulate` population, on every selected store: each number equals the
 * independent reference's (reference.ts) over the raw stored rows, and the planted effects come
 * out: the 48-hour split and the urgency answer.
 */
const N = 14;
const close = (actual: number | null, expected: number, what: string) =>
  assert.ok(
    actual !== null && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );

describe('signals on a simulated population', () => {
  let population: Population;
  const answers = new Map<string, Record<string, unknown>>();
  before(async () => {
    population = await simulatedPopulation();
  });
  after(() => population?.cleanup());

  const ctxOf = (store: Store) => ({
    analytics: store.analytics,
    signals: store.signals,
    definitions: population.definitions.definitions,
    now: END,
  });
  const reference = async (store: Store) => {
    const rows = await rawRows(store);
    return {
      ...rows,
      users: refUsers(rows.events, rows.profiles, PAID).filter((u) => eligible(u, N, END)),
    };
  };

  it('the 48-hour split: sizes, D14 retention, conversion and their difference equal the reference, and the planted effect shows', async () => {
    for (const { dialect, handle } of population.stores) {
      const answer = await runSignals('signal', ctxOf(handle.store), {
        days: String(N),
        min_size: '1',
      });
      answers.set(`${dialect}:signal`, answer as never);
      const result = answer.result as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      const { users } = await reference(handle.store);
      const matched = users.filter((u) => didWithin(u, MEANINGFUL, 48));
      const other = users.filter((u) => !didWithin(u, MEANINGFUL, 48));
      assert.equal(result.population.users, users.length, dialect);
      for (const [group, list] of [
        [result.groups[0], matched],
        [result.groups[1], other],
      ] as const) {
        assert.equal(group.users, list.length, `${dialect} ${group.key}`);
        const k = list.filter((u) => retained(u, N)).length;
        assert.equal(group.retained.count, k);
        close(group.retained.rate, k / list.length, 'rate');
        const [low, high] = wilson(k, list.length);
        close(group.retained.low, low, 'low');
        close(group.retained.high, high, 'high');
        assert.equal(group.converted.count, list.filter((u) => converted(u, N)).length);
      }
      const k1 = matched.filter((u) => retained(u, N)).length;
      const k2 = other.filter((u) => retained(u, N)).length;
      const [d, low, high] = newcombe(k1, matched.length, k2, other.length);
      close(result.difference.retained.estimate, d, 'difference');
      close(result.difference.retained.low, low, 'difference low');
      close(result.difference.retained.high, high, 'difference high');
      const c1 = matched.filter((u) => converted(u, N)).length;
      const c2 = other.filter((u) => converted(u, N)).length;
      close(
        result.difference.converted.estimate,
        newcombe(c1, matched.length, c2, other.length)[0],
        'conversion difference',
      );

      // The truth: who the simulation planted as meaningful in 48 h, and who it made leave.
      const truth = new Map(population.result.truth.people.map((p) => [p.id, p]));
      for (const u of users)
        assert.equal(matched.includes(u), truth.get(u.id)!.meaningful48h, u.id);
      const stayed = (list: RefUser[]) =>
        list.filter((u) => (truth.get(u.id)!.churnDay ?? Infinity) >= N).length / list.length;
      const planted = stayed(matched) - stayed(other);
      assert.ok(planted > 0.15, `planted difference ${planted}`);
      assert.ok(result.difference.retained.low > 0, `interval ${low}–${high} excludes 0`);
      // Meaningful activity misses people who stay but only log in and look around; counting
      // any activity, retention at day N is staying past day N, and the interval covers the
      // difference the simulation planted.
      const any = (
        await runSignals('signal', ctxOf(handle.store), { days: String(N), activity: 'all' })
      ).result as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      const { low: anyLow, high: anyHigh } = any.difference.retained;
      assert.ok(
        anyLow <= planted && planted <= anyHigh,
        `planted ${planted} within ${anyLow}–${anyHigh}`,
      );
    }
  });

  it('the action scan: every row’s counts, odds ratio and phi equal the reference’s, and no candidate ranks above the top', async () => {
    for (const { dialect, handle } of population.stores) {
      const answer = await runSignals('signal', ctxOf(handle.store), {
        days: String(N),
        min_support: '5',
        limit: '5',
      });
      const scan = (answer.result as any).scan; // eslint-disable-line @typescript-eslint/no-explicit-any
      const { users } = await reference(handle.store);
      const outcomes = users.filter((u) => retained(u, N)).length;
      assert.equal(scan.users, users.length);
      assert.equal(scan.outcomes, outcomes);
      assert.ok(scan.positive.length > 0 && scan.negative.length > 0, dialect);
      for (const row of [...scan.positive, ...scan.negative]) {
        const did = users.filter((u) => didWithin(u, [row.event], row.withinHours, row.atLeast));
        const a = did.filter((u) => retained(u, N)).length;
        const b = did.length - a;
        const c = outcomes - a;
        const d = users.length - did.length - c;
        assert.deepEqual(
          row.did,
          { users: did.length, outcome: a },
          `${row.event} ${row.atLeast} ${row.withinHours}`,
        );
        assert.deepEqual(row.didNot, { users: users.length - did.length, outcome: c });
        close(row.oddsRatio, oddsRatio1(a, b, c, d), 'odds ratio');
        close(row.phi, phiOf(a, b, c, d), 'phi');
      }
      // The best phi among every candidate with support, by the reference.
      const names = new Set(
        users
          .flatMap((u) => [...u.tracks.keys()])
          .filter((n) => !['Signed Up', 'Logged In'].includes(n)),
      );
      let best = -Infinity;
      for (const name of names)
        for (const h of [24, 48, 168, 336])
          for (const k of [1, 2, 3, 5, 10]) {
            const did = users.filter((u) => didWithin(u, [name], h, k));
            if (did.length < 5 || users.length - did.length < 5) continue;
            const a = did.filter((u) => retained(u, N)).length;
            best = Math.max(
              best,
              phiOf(a, did.length - a, outcomes - a, users.length - did.length - outcomes + a),
            );
          }
      close(scan.positive[0].phi, best, 'top phi');
    }
  });

  it('the audit: every row equals the reference (shares, odds ratio, Fisher p, BH q), and the planted urgency answer is at the top', async () => {
    for (const { dialect, handle } of population.stores) {
      const answer = await runSignals('audit', ctxOf(handle.store), {
        days: String(N),
        limit: '500',
        min_count: '5',
      });
      answers.set(`${dialect}:audit`, answer as never);
      const result = answer.result as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      const { users, accounts } = await reference(handle.store);
      const size = Math.floor(users.length * 0.2);
      const { top, bottom } = auditGroupsByRetention(users, N, 0.2);
      assert.equal(result.top.units, size, dialect);
      const accountOf = new Map(accounts.map((a) => [a.id, a]));
      const holds = (u: RefUser, row: RefAuditRow) => holdsAttribute(u, row, accountOf);
      const pValues: number[] = [];
      for (const row of result.rows) {
        const a = top.filter((u) => holds(u, row)).length;
        const c = bottom.filter((u) => holds(u, row)).length;
        assert.deepEqual([row.top.count, row.bottom.count], [a, c], `${dialect} ${row.key}`);
        close(row.difference, a / size - c / size, 'difference');
        close(row.oddsRatio, oddsRatio1(a, size - a, c, size - c), 'odds ratio');
        close(row.pValue, fisher(a, size - a, c, size - c), `p ${row.key}`);
        pValues.push(row.pValue);
      }
      assert.equal(result.rows.length, result.attributes);
      const q = bh(pValues);
      result.rows.forEach((row: { qValue: number }, i: number) => close(row.qValue, q[i]!, 'q'));
      // Sorted by effect.
      for (let i = 1; i < result.rows.length; i++)
        assert.ok(Math.abs(result.rows[i - 1].difference) >= Math.abs(result.rows[i].difference));
      // The planted qualifier effect: "evaluating options" is among the first attribute rows
      // (behaviors aside), over-represented at the bottom, and significant after correction.
      const attributes = result.rows.filter((r: { kind: string }) => r.kind !== 'behavior');
      const urgency = attributes.findIndex(
        (r: { key: string }) => r.key === 'answer.urgency=evaluating_options',
      );
      assert.ok(
        urgency >= 0 && urgency < 5,
        `urgency at ${urgency}: ${attributes.slice(0, 6).map((r: { key: string }) => r.key)}`,
      );
      assert.ok(
        attributes[urgency].difference < 0 && attributes[urgency].qValue < 0.05,
        JSON.stringify(attributes[urgency]),
      );
    }
  });

  it('the churn-risk list equals the reference’s, ordered by account value', async () => {
    const weights = population.definitions.definitions.score!.weights;
    for (const { dialect, handle } of population.stores) {
      const answer = await runSignals('churn-risk', ctxOf(handle.store), {
        unit: 'users',
        min_active: '3',
        limit: '1000',
      });
      answers.set(`${dialect}:churn`, answer as never);
      const result = answer.result as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      const { events, profiles, accounts } = await rawRows(handle.store);
      const today = Math.floor(END / DAY);
      const lastFrom = today - 13;
      const previousFrom = lastFrom - 14;
      const expected: {
        id: string;
        previous: number;
        last: number;
        sp: number;
        sl: number;
        value: number | null;
      }[] = [];
      const accountOf = new Map(accounts.map((a) => [a.id, a]));
      for (const p of profiles) {
        if (!p.userId) continue;
        const mine = events.filter((e) => e.profileId === p.id && actionName(e) !== null);
        const prev = new Set<number>();
        const last = new Set<number>();
        let sp = 0;
        let sl = 0;
        for (const e of mine) {
          const day = Math.floor(e.timestamp / DAY);
          if (day < previousFrom || day > today) continue;
          const name = actionName(e)!;
          if (e.type === 'track' && !['Logged In', 'Signed Up'].includes(name))
            (day >= lastFrom ? last : prev).add(day);
          const w = (weights as Record<string, number>)[name] ?? 0;
          if (day >= lastFrom) sl += w;
          else sp += w;
        }
        if (prev.size < 3 || last.size > prev.size * 0.5) continue;
        const traits = p.accounts.length ? accountOf.get(p.accounts[0]!)?.traits : undefined;
        const value = ['mrr', 'seats', 'employees']
          .map((t) => traits?.[t])
          .find((v) => typeof v === 'number') as number | undefined;
        expected.push({
          id: p.id,
          previous: prev.size,
          last: last.size,
          sp,
          sl,
          value: value ?? null,
        });
      }
      expected.sort(
        (a, b) =>
          (b.value ?? -1) - (a.value ?? -1) ||
          (a.last - a.previous) / a.previous - (b.last - b.previous) / b.previous ||
          (a.id < b.id ? -1 : 1),
      );
      assert.ok(expected.length > 0, 'someone’s activity fell');
      assert.equal(result.total, expected.length, dialect);
      assert.deepEqual(
        result.entries.map((e: { id: string; activeDays: object; value: number | null }) => [
          e.id,
          e.activeDays,
          e.value,
        ]),
        expected.map((e) => [e.id, { previous: e.previous, last: e.last }, e.value]),
      );
      result.entries.forEach((e: { score: { previous: number; last: number } }, i: number) => {
        close(e.score.previous, expected[i]!.sp, 'score before');
        close(e.score.last, expected[i]!.sl, 'score last');
      });
    }
  });

  it('every store gives the same answers', () => {
    const dialects = population.stores.map((s) => s.dialect);
    for (const name of ['signal', 'audit', 'churn']) {
      // The lifecycle stage is the engine's time-swept state, which the copy does not sweep.
      const all = dialects.map((d) =>
        JSON.stringify(answers.get(`${d}:${name}`), (k, v) => (k === 'stage' ? undefined : v)),
      );
      for (const other of all.slice(1)) {
        let i = 0;
        while (i < other.length && other[i] === all[0]![i]) i++;
        assert.equal(
          other.length === all[0]!.length && i === other.length,
          true,
          `${name} differs at ${i}: ${all[0]!.slice(i - 200, i + 100)} | ${other.slice(i - 20, i + 100)}`,
        );
      }
    }
  });
});
