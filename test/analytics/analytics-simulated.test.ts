/**
 * Analytics on a `cairn simulate` population (the one the signals' truth test uses, shared from
 * test/signals/simulated-population.ts, with the example's planted rates only), on every selected store: the planted activation rate of
 * each onboarding path (the truth file's per-person chances) falls inside the answer's 95 %
 * interval, and the activation counts and retention cells equal plain counts over the raw stored
 * events (reference.ts, written without calling src/analytics).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runAnalytics } from '../../src/analytics/run-analytics.js';
import type { MetricName, RawParams } from '../../src/analytics/params.js';
import type { StoredEvent } from '../../src/core/types.js';
import type { Store } from '../../src/store/store.js';
import { END, simulatedPopulation, type Population } from '../signals/simulated-population.js';
import { START } from '../simulate/sim-fixtures.js';
import {
  allEvents,
  mondayOf,
  refActivityDays,
  refUsers,
  wilson,
  type RefUser,
} from './reference.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- answers are checked field by field */
type Any = any;

const DAY = 86_400_000;
const WINDOW = 7 * DAY;
const from = new Date(START - DAY).toISOString().slice(0, 10);

describe('analytics on a simulated population', () => {
  let population: Population;
  const raw = new Map<string, { events: StoredEvent[]; users: Map<string, RefUser> }>();
  before(async () => {
    // The example's own simulation file (no extra churn planted), without journeys.
    population = await simulatedPopulation(() => {}, 'analytics');
    for (const { dialect, handle } of population.stores) {
      const events = await allEvents(handle.store);
      raw.set(dialect, { events, users: refUsers(events) });
    }
  });
  after(() => population?.cleanup());

  const ask = (store: Store, metric: MetricName, params: RawParams): Promise<Any> =>
    runAnalytics(
      metric,
      { store: store.analytics, definitions: population.definitions.definitions, now: END },
      params,
    );

  it('activation per onboarding path: counts equal the stored events, planted rates inside the intervals', async () => {
    const truth = new Map(population.result.truth.people.map((p) => [p.id, p]));
    let recovered = 0;
    for (const { dialect, handle } of population.stores) {
      const { users } = raw.get(dialect)!;
      const answer = await ask(handle.store, 'activation', {
        by: 'persona.path',
        from,
        min_size: '20',
      });
      const groups = new Map<string, RefUser[]>();
      for (const u of users.values()) {
        const key = u.persona ?? '(none)';
        groups.set(key, [...(groups.get(key) ?? []), u]);
      }
      assert.deepEqual(
        answer.result.groups.map((g: Any) => g.key).sort(),
        [...groups.keys()].sort(),
        dialect,
      );
      for (const g of answer.result.groups) {
        const list = groups.get(g.key)!;
        const decided = list.filter((u) => u.activatedAt !== null || u.signupAt + WINDOW <= END);
        const activated = list.filter((u) => u.activatedAt !== null);
        assert.equal(g.users, list.length, `${dialect} ${g.key}`);
        assert.equal(g.activated.count, activated.length, `${dialect} ${g.key}`);
        assert.equal(g.activated.total, decided.length, `${dialect} ${g.key}`);
        // The truth file agrees with the stored events on who activated within the window.
        for (const u of decided) {
          const inTime = u.activatedAt !== null && u.activatedAt - u.signupAt <= WINDOW;
          assert.equal(truth.get(u.id)?.activatedInTime, inTime, `${dialect} ${u.id}`);
        }
        if (decided.length < 20) {
          assert.equal(g.activated.small, true);
          continue;
        }
        const [low, high] = wilson(activated.length, decided.length);
        assert.ok(
          Math.abs(g.activated.low - low) < 1e-9 && Math.abs(g.activated.high - high) < 1e-9,
        );
        // Planted: the mean of the per-person activation chances the simulator drew from.
        const chances = decided.map((u) => truth.get(u.id)!.activationChance);
        const planted = chances.reduce((a, b) => a + b, 0) / chances.length;
        assert.ok(
          g.activated.low <= planted && planted <= g.activated.high,
          `${dialect} ${g.key}: planted ${planted} outside [${g.activated.low}, ${g.activated.high}]`,
        );
        recovered++;
      }
    }
    assert.ok(recovered >= 2 * population.stores.length, 'at least two paths large enough');
  });

  for (const period of ['day', 'week'] as const) {
    it(`${period} retention cells equal a brute-force count over the stored events, "on" and "on or after"`, async () => {
      const length = period === 'day' ? DAY : 7 * DAY;
      const startOf = (t: number) => (period === 'day' ? Math.floor(t / DAY) * DAY : mondayOf(t));
      const periods = period === 'day' ? 30 : 5;
      for (const { dialect, handle } of population.stores) {
        const { events, users } = raw.get(dialect)!;
        const days = refActivityDays(events);
        let checked = 0;
        for (const mode of ['on', 'on_or_after'] as const) {
          const answer = await ask(handle.store, 'retention', {
            period,
            periods: String(periods),
            mode,
            from,
          });
          for (const cohort of answer.result.overall.cohorts) {
            const members = [...users.values()].filter((u) => startOf(u.signupAt) === cohort.start);
            assert.equal(cohort.size, members.length, `${dialect} ${cohort.cohort}`);
            for (let n = 0; n <= periods; n++) {
              const cell = cohort.cells[n];
              const start = cohort.start + n * length;
              if (members.length === 0 || start > END) {
                assert.equal(cell, null, `${dialect} ${cohort.cohort} +${n} has not started`);
                continue;
              }
              const count =
                n === 0
                  ? members.length
                  : members.filter((u) =>
                      [...(days.get(u.id) ?? [])].some((d) => {
                        const k = (startOf(d * DAY) - cohort.start) / length;
                        return mode === 'on' ? k === n : k >= n;
                      }),
                    ).length;
              assert.equal(
                cell.count,
                count,
                `${dialect} ${period} ${mode} ${cohort.cohort} +${n}`,
              );
              assert.equal(cell.incomplete, start === startOf(END) && END < start + length);
              checked++;
            }
          }
        }
        assert.ok(checked > (period === 'day' ? 400 : 20), `${dialect}: ${checked} cells`);
      }
    });
  }
});
