import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDefinitions } from '../../src/definitions/index.js';
import { emptyGameState } from '../../src/engine/gamification/game-state.js';
import type { Subject } from '../../src/gamification/load-subjects.js';
import { SubjectFigures } from '../../src/gamification/subject-figures.js';
import { random } from './report-population.js';

/**
 * The figures a report run keeps of each subject, against plain code over the subjects' own
 * game states: each metric's value in the period and the one before (a metric the ROI counts
 * too), the unit's badges held, the recommendations adopted, positions by id.
 */
const { definitions } = parseDefinitions(`
metrics:
  tasks: { event: Task Completed }
  edits: { event: Edited }
milestones:
  used_bulk: { event: Edited }
  connected: { event: Connected }
tiers:
  team_tasks:
    for: account
    metric: tasks
    period: week
    steps: [{ name: Gold, at_least: 9 }]
badges:
  power_user: { name: Power user, when: { performed: Task Completed, at_least: 3 } }
  gold_team: { name: Gold team, for: account, requires: { tier: { team_tasks: Gold } } }
recommendations:
  bulk: { title: Bulk, adopted: used_bulk, impact: { declared_minutes: 10 } }
  connect: { title: Connect, adopted: connected, impact: { declared_minutes: 20 } }
`);
const WEEK = 2_930;

function subjects(count: number, seed: number): Subject[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const game = next() < 0.1 ? null : emptyGameState('v');
    if (game) {
      for (const metric of ['tasks', 'edits', 'legacy'])
        if (next() < 0.8)
          game.metrics[metric] = {
            day: [],
            week: [
              [WEEK + 1, 99],
              [WEEK, Math.floor(next() * 40) / 2],
              [WEEK - 1, Math.floor(next() * 40)],
            ].filter(() => next() < 0.8) as [number, number][],
            month: [[674, 5]],
            quarter: [],
            days: [],
          };
      if (next() < 0.3) game.badges.power_user = { at: 1, backdated: false };
      if (next() < 0.3) game.badges.gold_team = { at: 1, backdated: false };
    }
    const milestones = new Set(['used_bulk', 'connected', 'other'].filter(() => next() < 0.5));
    // Every fifth id repeats an earlier one: the later subject is the one found by id.
    return { id: `s${i % 5 === 4 ? i - 2 : i}`, traits: { size: i % 3 }, game, milestones };
  });
}

/** A metric's value in a period read from the buckets in plain code. */
function valueIn(subject: Subject, metric: string, period: number): number {
  const buckets = subject.game?.metrics[metric]?.week ?? [];
  return buckets.find(([at]) => at === period)?.[1] ?? 0;
}

describe('subject figures', () => {
  const list = subjects(2_500, 5);
  const roi = { ...definitions, roi: { minutes: { tasks: 2, legacy: 3 }, equivalents: [] } };
  const figures = SubjectFigures.of(roi as never, 'user', 'week', WEEK, list);

  it('keeps each metric in the period and the one before, the ROI metrics included', () => {
    assert.deepEqual(figures.metrics, ['tasks', 'edits', 'legacy']);
    assert.equal(figures.length, list.length);
    list.forEach((subject, i) => {
      assert.equal(figures.ids[i], subject.id);
      assert.equal(figures.traits[i], subject.traits);
      for (const metric of ['tasks', 'edits', 'legacy']) {
        assert.equal(figures.value(i, metric), valueIn(subject, metric, WEEK));
        assert.equal(figures.value(i, metric, true), valueIn(subject, metric, WEEK - 1));
      }
      assert.equal(figures.value(i, 'unknown'), 0);
    });
  });

  it("keeps the unit's badges held and the recommendations adopted, shared by equal sets", () => {
    assert.deepEqual(figures.badgeNames, ['power_user']);
    list.forEach((subject, i) => {
      const held = subject.game?.badges.power_user ? ['power_user'] : [];
      assert.deepEqual([...figures.badges[i]!], held);
      const adopted = [
        ...(subject.milestones.has('used_bulk') ? ['bulk'] : []),
        ...(subject.milestones.has('connected') ? ['connect'] : []),
      ];
      assert.deepEqual([...figures.adopted[i]!], adopted);
    });
    assert.equal(new Set(figures.badges).size, 2);
    assert.equal(new Set(figures.adopted).size, 4);
  });

  it('finds a subject by id, the later one for an id read twice', () => {
    const last = new Map(list.map((s, i) => [s.id, i]));
    for (const [id, position] of last) assert.equal(figures.position(id), position);
    assert.equal(figures.position('nobody'), undefined);
    // A subject added after the first lookup is found too.
    const grown = SubjectFigures.of(definitions, 'account', 'week', WEEK, list.slice(0, 3));
    assert.equal(grown.position('s1'), 1);
    grown.add({ ...list[0]!, id: 'late' });
    assert.equal(grown.position('late'), 3);
    assert.deepEqual(grown.badgeNames, ['gold_team']);
  });
});
