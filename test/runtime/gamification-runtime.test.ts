import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { parseDefinitions } from '../../src/definitions/index.js';
import { readGameState } from '../../src/engine/gamification/game-state.js';
import { recheckIfChanged } from '../../src/runtime/definitions-changed.js';
import { StateSweeper } from '../../src/runtime/state-sweeper.js';
import type { Store } from '../../src/store/store.js';
import { asUser } from '../inapp/inapp-fixtures.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const H = 3_600_000;

const yaml = (moreBadges = '') => `
delivery: { default_time_zone: Europe/Paris }
milestones:
  project_created: { event: Project Created }
metrics:
  tasks: { event: Task Completed }
points:
  - { event: Task Completed, points: 10 }
levels:
  adoption:
    steps:
      - { name: Explorer }
      - { name: Builder, points: 30, milestones: [project_created] }
  team:
    for: account
    steps:
      - { name: Starter }
      - { name: Growing, points: 40 }
streaks:
  daily:
    period: day
    when: { tasks: 1 }
    at_risk: 4h
badges:
  starter:
    name: Starter
    when: { milestone: project_created }
${moreBadges}
journeys:
  celebrate_level:
    trigger: { event: Level Up }
    steps:
      - { id: congrats, send: level_up }
`;

/** Gamification through the real runtime: HTTP ingest, the store, the state sweeper's timers. */
forEachStore('gamification runtime', (getStore: () => Store) => {
  let t: TestApp;
  let sweeper: StateSweeper;
  const track = (userId: string, event: string, groupId?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: t.sdk,
      payload: {
        userId,
        event,
        timestamp: new Date(t.clock.now()).toISOString(),
        ...(groupId ? { context: { groupId } } : {}),
      },
    });
  const internal = async (userId: string) =>
    (await getStore().recentEvents(userId, 200)).filter((e) => e.source === 'internal').reverse();

  before(async () => {
    t = await testApp(getStore(), { definitions: parseDefinitions(yaml(), 'game.yaml') });
    sweeper = new StateSweeper(getStore(), t.workspace, t.clock);
    // Monday 2 March 2026, 10:00 in Paris.
    t.clock.set(Date.parse('2026-03-02T09:00:00Z'));
  });
  after(async () => {
    await t.app.close();
  });

  it('records level ups, badges and streaks as internal events, keeps the state, and starts celebration journeys', async () => {
    assert.equal((await track('ana', 'Task Completed', 'acme')).statusCode, 200);
    await track('ana', 'Task Completed', 'acme');
    await track('ana', 'Task Completed', 'acme');
    await track('ana', 'Project Created', 'acme');
    const changes = await internal('ana');
    const names = changes.map((e) => e.event);
    assert.ok(names.includes('Streak Extended'));
    const up = changes.filter((e) => e.event === 'Level Up');
    assert.deepEqual(
      up.map((e) => [e.properties.unit, e.properties.to]),
      [['user', 'Builder']],
    );
    assert.deepEqual(
      changes.filter((e) => e.event === 'Badge Earned').map((e) => e.properties.badge),
      ['starter'],
    );
    const profile = (await getStore().getProfile('ana'))!;
    const game = readGameState(profile.state)!;
    assert.equal(game.points, 30);
    assert.equal(game.streaks.daily!.current, 1);
    const account = readGameState((await getStore().getAccount('acme'))!.state)!;
    assert.equal(account.points, 30);
    const messages = (await getStore().listMessages({ profileId: 'ana' }, { limit: 10 })).items;
    assert.deepEqual(
      messages.map((m) => [m.journeyId, m.template]),
      [['celebrate_level', 'level_up']],
    );
  });

  it('answers the widget with level, the way to the next, streak and badges (/v1/inapp/progress)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/inapp/progress',
      headers: asUser('ana'),
    });
    assert.equal(res.statusCode, 200);
    const { user, account } = res.json();
    assert.equal(user.points, 30);
    assert.deepEqual(user.levels, [{ ladder: 'adoption', level: 'Builder', index: 1, next: null }]);
    assert.deepEqual(
      user.streaks.map(
        (s: { streak: string; current: number; metThisPeriod: boolean; expiresAt: string }) => [
          s.streak,
          s.current,
          s.metThisPeriod,
          s.expiresAt,
        ],
      ),
      // Met on 2 March (Paris): alive until the end of 3 March, local midnight = 23:00 UTC.
      [['daily', 1, true, '2026-03-03T23:00:00.000Z']],
    );
    assert.deepEqual(
      user.badges.map((b: { badge: string; name: string }) => [b.badge, b.name]),
      [['starter', 'Starter']],
    );
    assert.equal(account.id, 'acme');
    // 30 of the 40 points the account's next level needs.
    assert.deepEqual(account.levels[0].next, {
      name: 'Growing',
      pointsNeeded: 40,
      pointsMissing: 10,
      milestonesMissing: [],
      percent: 75,
    });
    const stranger = await t.app.inject({
      method: 'GET',
      url: '/v1/inapp/progress',
      headers: asUser('zed'),
    });
    assert.equal(stranger.json().user.levels[0].level, 'Explorer');
    assert.equal(stranger.json().account, null);
  });

  it('gives each badge its rarity: the share of users holding it', async () => {
    await track('cy', 'Task Completed');
    await track('dee', 'Project Created');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/users/ana/progress',
      headers: t.admin,
    });
    assert.equal(res.statusCode, 200, res.body);
    // ana and dee hold it; ana, cy and dee are the users so far.
    assert.deepEqual(res.json().badges, {
      starter: { held: true, holders: 2, rarity: (100 * 2) / 3 },
    });
    assert.equal(res.json().progress.points, 30);
  });

  it('reports an account level up in the log of the member who caused it', async () => {
    await track('bob', 'Task Completed', 'acme');
    const up = (await internal('bob')).filter((e) => e.event === 'Level Up');
    assert.deepEqual(
      up.map((e) => [e.properties.unit, e.properties.account, e.properties.to]),
      [['account', 'acme', 'Growing']],
    );
  });

  it('puts a streak at risk and breaks it on the durable timers, at local times', async () => {
    // Ana's next day (3 March, Paris) must be met by midnight; at risk at 20:00 local.
    t.clock.set(Date.parse('2026-03-03T19:00:00Z'));
    await sweeper.sweepDue();
    const risk = (await internal('ana')).filter((e) => e.event === 'Streak At Risk');
    assert.equal(risk.length, 1);
    assert.equal(risk[0]!.timestamp, Date.parse('2026-03-03T19:00:00Z'));
    t.clock.set(Date.parse('2026-03-04T08:00:00Z'));
    await sweeper.sweepDue();
    const broken = (await internal('ana')).filter((e) => e.event === 'Streak Broken');
    assert.equal(broken.length, 1);
    assert.equal(broken[0]!.properties.missed, '2026-03-03');
  });

  it('backdates a badge added later without a single Badge Earned, through the reload re-check', async () => {
    const before = (await internal('ana')).length;
    const loaded = parseDefinitions(
      yaml(`  worker:
    name: Worker
    when: { performed: Task Completed, at_least: 3 }`),
      'game.yaml',
    );
    t.workspace.replace(loaded);
    assert.ok(await recheckIfChanged(getStore(), loaded, t.clock));
    await sweeper.sweepDue();
    const after = await internal('ana');
    assert.deepEqual(
      after.slice(before).map((e) => e.event),
      [],
      'nothing celebrated for the past',
    );
    const game = readGameState((await getStore().getProfile('ana'))!.state)!;
    assert.deepEqual(game.badges.worker, { at: t.clock.now(), backdated: true });
    assert.equal(game.version, loaded.version);
    t.clock.advance(H);
    // What happens after the change is celebrated as usual.
    await track('bob', 'Task Completed', 'acme');
    await track('bob', 'Task Completed', 'acme');
    const bob = (await internal('bob')).filter((e) => e.event === 'Badge Earned');
    assert.deepEqual(
      bob.map((e) => e.properties.badge),
      ['worker'],
    );
  });

  it('backdates a new level step and a new tier too: no Level Up, no Tier Changed, no celebration email', async () => {
    const profile = (await getStore().getProfile('ana'))!;
    const points = readGameState(profile.state)!.points;
    const messagesBefore = (await getStore().listMessages({ profileId: 'ana' }, { limit: 50 }))
      .items.length;
    const eventsBefore = (await internal('ana')).length;
    // A step Ana already has the points for, a tier her month's tasks already reach, and
    // journeys that would celebrate either, all in one definitions change.
    const source = yaml(`  worker:
    name: Worker
    when: { performed: Task Completed, at_least: 3 }`)
      .replace(
        '      - { name: Builder, points: 30, milestones: [project_created] }\n',
        `      - { name: Builder, points: 30, milestones: [project_created] }\n      - { name: Integrator, points: ${points} }\n`,
      )
      .replace(
        'journeys:\n',
        `tiers:
  busy:
    metric: tasks
    period: month
    steps:
      - { name: Bronze, at_least: 1 }
journeys:
  celebrate_tier:
    trigger: { event: Tier Changed }
    steps:
      - { id: congrats, send: tier_changed }
  celebrate_badge:
    trigger: { event: Badge Earned }
    steps:
      - { id: congrats, send: badge_earned }
`,
      );
    assert.match(source, /Integrator/);
    assert.match(source, /busy:/);
    const loaded = parseDefinitions(source, 'game.yaml');
    t.workspace.replace(loaded);
    assert.ok(await recheckIfChanged(getStore(), loaded, t.clock));
    await sweeper.sweepDue();
    const game = readGameState((await getStore().getProfile('ana'))!.state)!;
    assert.equal(game.version, loaded.version);
    assert.equal(game.levels.adoption!.index, 2, 'Integrator, backdated');
    assert.ok(game.tiers.busy, 'the new tier is computed');
    assert.deepEqual(
      (await internal('ana')).slice(eventsBefore).map((e) => e.event),
      [],
      'no Level Up, Tier Changed or Badge Earned for the past',
    );
    const messages = (await getStore().listMessages({ profileId: 'ana' }, { limit: 50 })).items;
    assert.equal(messages.length, messagesBefore, 'no celebration email');
  });
});
