import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GameState } from '../../../src/engine/gamification/game-state.js';
import { readAccountState } from '../../../src/engine/state/index.js';
import { DAY, UserSimulator, definitions, named } from '../user-simulator.js';

const YAML = `
milestones:
  project_created: { event: Project Created }
  crm_connected: { event: Integration Connected, where: { kind: crm } }
metrics:
  tasks: { event: Task Completed }
  hours: { event: Time Logged, measure: sum, property: hours }
  active: { measure: active_days }
points:
  - { event: Task Completed, points: 10, cap: { per: day, max: 30 } }
  - { milestone: project_created, points: 50 }
levels:
  adoption:
    steps:
      - { name: Explorer }
      - { name: Builder, points: 100, milestones: [project_created] }
      - { name: Integrator, points: 150, milestones: [crm_connected] }
  team:
    for: account
    steps:
      - { name: Starter }
      - { name: Growing, points: 60 }
tiers:
  monthly:
    metric: tasks
    period: month
    steps: [{ name: Bronze, at_least: 2 }, { name: Silver, at_least: 5 }]
records:
  weekly_tasks: { metric: tasks, period: week }
badges:
  first_project:
    name: First project
    when: { milestone: project_created }
  busy:
    name: Busy
    requires: { metric: { tasks: { period: day, at_least: 3 } } }
`;
const defs = definitions(YAML);
const game = (user: UserSimulator): GameState => user.state.game!;

describe('points, levels, tiers, records and badges', () => {
  it('pays points within the daily cap, and rises a level once points and milestones allow', () => {
    const user = new UserSimulator(defs);
    for (let i = 0; i < 5; i++) user.track('Task Completed');
    // 10 per task, at most 30 a day.
    assert.equal(game(user).points, 30);
    user.advance(DAY);
    for (let i = 0; i < 4; i++) user.track('Task Completed');
    assert.equal(game(user).points, 60);
    user.advance(DAY);
    for (let i = 0; i < 3; i++) user.track('Task Completed');
    // 90 points: Builder also needs 100 and project_created.
    assert.equal(named(user.changes, 'Level Up').length, 0);
    const changes = user.track('Project Created');
    assert.equal(game(user).points, 140);
    const up = named(changes, 'Level Up');
    assert.deepEqual(
      up.map((c) => [c.properties.ladder, c.properties.from, c.properties.to]),
      [['adoption', 'Explorer', 'Builder']],
    );
    assert.equal(game(user).levels.adoption!.index, 1);
    // The badge with a rule over the milestone, once.
    assert.deepEqual(
      named(user.changes, 'Badge Earned').map((c) => c.properties.badge),
      ['busy', 'first_project'],
    );
    user.track('Project Created');
    assert.equal(named(user.changes, 'Badge Earned').length, 2);
  });

  it('sets the tier held in a month from the month before, on the timer at the turn of the month', () => {
    const user = new UserSimulator(defs);
    user.clock.set(Date.parse('2026-01-20T12:00:00Z'));
    for (let i = 0; i < 6; i++) user.track('Task Completed');
    assert.equal(game(user).tiers.monthly!.index, -1);
    const fired = user.runTimers(Date.parse('2026-02-02T00:00:00Z'));
    const changed = named(fired, 'Tier Changed');
    assert.equal(changed.length, 1);
    assert.equal(changed[0]!.timestamp, Date.parse('2026-02-01T00:00:00Z'));
    assert.deepEqual(
      [changed[0]!.properties.to, changed[0]!.properties.value, changed[0]!.properties.period],
      ['Silver', 6, '2026-01-01'],
    );
    user.track('Task Completed');
    const down = named(user.runTimers(Date.parse('2026-03-02T00:00:00Z')), 'Tier Changed');
    assert.deepEqual(
      down.map((c) => [c.properties.from, c.properties.to, c.properties.direction]),
      [['Silver', null, 'down']],
    );
  });

  it('reports a personal record once per week, above an earlier best', () => {
    const user = new UserSimulator(defs);
    user.clock.set(Date.parse('2026-01-05T12:00:00Z')); // a Monday
    for (let i = 0; i < 2; i++) user.track('Task Completed');
    user.clock.set(Date.parse('2026-01-12T12:00:00Z'));
    for (let i = 0; i < 4; i++) user.track('Task Completed');
    const records = named(user.changes, 'Record Broken');
    assert.equal(records.length, 1);
    assert.deepEqual(
      [
        records[0]!.properties.value,
        records[0]!.properties.previousBest,
        records[0]!.properties.period,
      ],
      [3, 2, '2026-01-12'],
    );
    assert.equal(game(user).records.weekly_tasks!.openValue, 4);
  });

  it('measures sums and distinct active days per period', () => {
    const user = new UserSimulator(defs);
    user.clock.set(Date.parse('2026-01-05T12:00:00Z'));
    user.track('Time Logged', { hours: 2.5 });
    user.track('Time Logged', { hours: '1.5' });
    user.track('Time Logged', { hours: 'lots' });
    user.advance(DAY);
    user.track('Time Logged', { hours: 1 });
    const metrics = game(user).metrics;
    assert.deepEqual(metrics.hours!.week, [[Math.floor((20458 + 3) / 7), 5]]);
    assert.deepEqual(metrics.active!.week[0]![1], 2);
    assert.deepEqual(
      metrics.active!.day.map(([, v]) => v),
      [1, 1],
    );
  });

  it('keeps account points and levels from every member, reported with the account id', () => {
    const ann = new UserSimulator(defs, 'ann');
    const bob = new UserSimulator(defs, 'bob');
    ann.group('acme');
    bob.accounts.set('acme', ann.accounts.get('acme')!);
    bob.group('acme');
    ann.track('Task Completed', {}, { groupId: 'acme' });
    ann.track('Task Completed', {}, { groupId: 'acme' });
    bob.clock.set(ann.clock.now());
    bob.track('Task Completed', {}, { groupId: 'acme' });
    bob.track('Task Completed', {}, { groupId: 'acme' });
    bob.track('Task Completed', {}, { groupId: 'acme' });
    const account = readAccountState(ann.accounts.get('acme')!.state).game!;
    assert.equal(account.points, 30); // capped at 30 a day for the account too
    bob.advance(DAY);
    bob.track('Task Completed', {}, { groupId: 'acme' });
    bob.track('Task Completed', {}, { groupId: 'acme' });
    const up = named(bob.track('Task Completed', {}, { groupId: 'acme' }), 'Level Up');
    assert.equal(readAccountState(ann.accounts.get('acme')!.state).game!.points, 60);
    assert.deepEqual(
      up.map((c) => [c.properties.unit, c.properties.account, c.properties.to]),
      [['account', 'acme', 'Growing']],
    );
  });
});

describe('definitions changed later', () => {
  it('backdates a new badge, level or tier silently, then celebrates only what comes after', () => {
    const before = definitions(`
milestones:
  project_created: { event: Project Created }
metrics:
  tasks: { event: Task Completed }
`);
    const user = new UserSimulator(before);
    user.clock.set(Date.parse('2026-01-10T12:00:00Z'));
    user.track('Project Created');
    for (let i = 0; i < 5; i++) user.track('Task Completed');
    user.clock.set(Date.parse('2026-02-03T12:00:00Z'));
    user.defs = definitions(`${YAML}
  five_tasks:
    name: Five tasks
    when: { performed: Task Completed, at_least: 5 }
  six_tasks:
    name: Six tasks
    when: { performed: Task Completed, at_least: 6 }
`);
    // The reload's re-check (a tick): everything the past earns, and nothing said.
    const rebased = user.tick();
    assert.deepEqual(rebased, []);
    const badges = game(user).badges;
    assert.equal(badges.five_tasks!.backdated, true);
    assert.equal(badges.first_project!.backdated, true);
    assert.equal(game(user).tiers.monthly!.index, 1);
    // The next event earns the next badge, and that one is celebrated.
    const after = user.track('Task Completed');
    assert.deepEqual(
      named(after, 'Badge Earned').map((c) => c.properties.badge),
      ['six_tasks'],
    );
    assert.equal(game(user).badges.six_tasks!.backdated, false);
  });

  it('rebases silently on the first event after the change too, that event included (no timer ran before it)', () => {
    const user = new UserSimulator(definitions(`metrics: { tasks: { event: Task Completed } }`));
    for (let i = 0; i < 3; i++) user.track('Task Completed');
    user.defs = definitions(`
metrics: { tasks: { event: Task Completed } }
badges:
  three: { name: Three, when: { performed: Task Completed, at_least: 3 } }
  four: { name: Four, when: { performed: Task Completed, at_least: 4 } }
`);
    // The profile already holds the event when the engine runs: it is part of the rebased past.
    const changes = user.track('Task Completed');
    assert.deepEqual(named(changes, 'Badge Earned'), []);
    assert.equal(game(user).badges.three!.backdated, true);
    assert.equal(game(user).badges.four!.backdated, true);
  });
});
