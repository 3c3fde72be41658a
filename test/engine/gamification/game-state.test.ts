import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gamePlan } from '../../../src/engine/gamification/game-plan.js';
import { cloneGameState, emptyGameState } from '../../../src/engine/gamification/game-state.js';
import { runSubject } from '../../../src/engine/gamification/run-subject.js';
import { definitions, START } from '../user-simulator.js';

describe('game state copies', () => {
  const state = {
    ...emptyGameState('v1'),
    points: 50,
    caps: { '0': [20794, 10] },
    paid: ['data_source_connected'],
    metrics: {
      active_days: { day: [[20794, 1]], week: [[2971, 1]], month: [], quarter: [], days: [20794] },
    },
    levels: { adoption: { index: 0, at: 1796635425260 } },
    badges: JSON.parse('{"__proto__": {"at": 5, "backdated": false}, "advocate": null}'),
    streaks: {
      daily: {
        current: 1,
        longest: 1,
        last: 20794,
        started: 20794,
        freezes: 0,
        used: 0,
        risk: null,
        lost: 0,
      },
    },
  } as unknown as ReturnType<typeof emptyGameState>;

  it('is equal to the state and shares nothing with it', () => {
    const copy = cloneGameState(state);
    assert.deepStrictEqual(copy, structuredClone(state));
    (copy.paid as string[]).push('x');
    (copy.metrics.active_days!.day[0] as number[])[1] = 99;
    copy.levels.adoption!.index = 3;
    assert.deepEqual(state.paid, ['data_source_connected']);
    assert.deepEqual(state.metrics.active_days!.day, [[20794, 1]]);
    assert.equal(state.levels.adoption!.index, 0);
  });

  it('copies a key named __proto__ as an own key, leaving the prototype alone', () => {
    const copy = cloneGameState(state);
    assert.ok(Object.hasOwn(copy.badges, '__proto__'));
    assert.equal(Object.getPrototypeOf(copy.badges), Object.prototype);
    assert.deepEqual(Object.keys(copy.badges), ['__proto__', 'advocate']);
  });

  it('copies every field of a full state, sharing no object or array with it', () => {
    const full = {
      ...state,
      milestones: { data_source_connected: 1796635425260 },
      tiers: { performance: { period: 24313, index: -1, at: 1767610800000 } },
      records: {
        weekly_tasks: { best: 3, bestPeriod: 2923, open: 2924, openValue: 1, told: false },
      },
      metrics: {
        ...state.metrics,
        tasks_completed: {
          day: [
            [20467, 1],
            [20466, 2],
          ],
          week: [[2924, 3]],
          month: [[24312, 6]],
          quarter: [[8104, 6]],
          days: [],
        },
      },
      future: { kept: [1, { deep: true }] },
    } as unknown as ReturnType<typeof emptyGameState>;
    const copy = cloneGameState(full);
    assert.deepStrictEqual(copy, structuredClone(full));
    const seen = new Set<object>();
    const collect = (value: unknown) => {
      if (value === null || typeof value !== 'object') return;
      seen.add(value);
      for (const item of Object.values(value)) collect(item);
    };
    collect(full);
    const shared: string[] = [];
    const check = (value: unknown, path: string) => {
      if (value === null || typeof value !== 'object') return;
      if (seen.has(value)) shared.push(path);
      for (const [key, item] of Object.entries(value)) check(item, `${path}.${key}`);
    };
    check(copy, 'state');
    assert.deepEqual(shared, []);
  });
});

describe('a run with an event', () => {
  const defs = definitions(`
metrics:
  tasks: { event: Task Completed }
  reports: { event: Report Created }
`);
  const plan = gamePlan(defs.definitions);
  const run = (previous: ReturnType<typeof emptyGameState> | null, at: number) =>
    runSubject({
      plan,
      version: defs.version,
      unit: 'user',
      account: null,
      zone: 'UTC',
      now: at,
      previous,
      known: false,
      event: { name: 'Task Completed', timestamp: at, properties: {} },
      milestones: {},
      badgeRule: null,
    }).state;

  it('copies the metric it measures and leaves the stored state as it was', () => {
    const first = run(null, START);
    const stored = structuredClone(
      run({ ...first, metrics: { ...first.metrics, reports: first.metrics.tasks! } }, START),
    );
    const before = structuredClone(stored);
    const after = run(stored, START + 60_000);
    assert.deepStrictEqual(stored, before, 'the stored state is not changed');
    assert.equal(after.metrics.tasks!.day[0]![1], before.metrics.tasks!.day[0]![1] + 1);
    assert.notEqual(after.metrics.tasks, stored.metrics.tasks);
    assert.notEqual(after.metrics, stored.metrics);
    // A metric the event does not measure is the stored one, unchanged (shared, not copied).
    assert.equal(after.metrics.reports, stored.metrics.reports);
  });
});
