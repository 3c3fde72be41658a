import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { parseDefinitions } from '../../src/definitions/index.js';
import { StateSweeper } from '../../src/runtime/state-sweeper.js';
import type { Store } from '../../src/store/store.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const H = 3_600_000;
const D = 24 * H;

const definitions = parseDefinitions(
  `
milestones:
  source_connected: { event: Data Source Connected }
  report_created: { event: Report Created }
  report_shared: { event: Report Shared, where: { recipient_type: teammate } }
activation:
  milestones: [source_connected, report_created, report_shared]
  within: 7d
  signup: { event: Signed Up }
personas:
  behavior:
    rules:
      - persona: evaluator
        when:
          all:
            - { performed: Viewed Pricing Page, at_least: 2 }
            - { not: { performed: Project Created } }
      - persona: team_lead
        when: { performed: Teammate Invited }
      - persona: individual
segments:
  active_recently:
    description: Logged in within the last 10 days
    when: { performed: Logged In, within: 10d }
`,
  'state-test.yaml',
);

/** State through the real runtime: HTTP ingest, the store, the sweeper, the admin API. */
forEachStore('state runtime', (getStore: () => Store) => {
  let t: TestApp;
  let sweeper: StateSweeper;
  const track = (userId: string, event: string, properties = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: t.sdk,
      payload: { userId, event, properties, timestamp: new Date(t.clock.now()).toISOString() },
    });
  const page = (userId: string, name: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/page',
      headers: t.sdk,
      payload: { userId, name, timestamp: new Date(t.clock.now()).toISOString() },
    });
  const internal = async (userId: string) =>
    (await getStore().recentEvents(userId, 100)).filter((e) => e.source === 'internal').reverse();

  before(async () => {
    t = await testApp(getStore(), { definitions });
    sweeper = new StateSweeper(getStore(), t.workspace, t.clock);
  });
  after(async () => {
    await t.app.close();
  });

  it('records milestones, activation and time to first value as the events arrive', async () => {
    const start = t.clock.now();
    await track('ana', 'Signed Up');
    t.clock.advance(2 * H);
    await track('ana', 'Data Source Connected');
    await track('ana', 'Report Created');
    await track('ana', 'Report Shared', { recipient_type: 'client' });
    const progress = async () =>
      (await internal('ana')).filter(
        (e) => e.event === 'Milestone Reached' || e.event === 'Activated',
      );
    const before = await progress();
    assert.deepEqual(
      before.map((e) => [e.event, e.properties.milestone ?? null]),
      [
        ['Milestone Reached', 'source_connected'],
        ['Milestone Reached', 'report_created'],
      ],
    );
    t.clock.advance(H);
    await track('ana', 'Report Shared', { recipient_type: 'teammate' });
    const changes = await progress();
    assert.deepEqual(
      changes.slice(2).map((e) => e.event),
      ['Milestone Reached', 'Activated'],
    );
    const activated = changes.at(-1)!;
    assert.equal(activated.properties.timeToValueMs, 3 * H);
    assert.match(JSON.stringify(activated.properties.reason), /report_shared|activation/);

    const state = (
      await t.app.inject({ method: 'GET', url: '/api/users/ana/state', headers: t.admin })
    ).json();
    assert.equal(state.activation.status, 'activated');
    assert.equal(state.activation.timeToFirstValueMs, 3 * H);
    assert.equal(state.milestones.report_shared.at, new Date(start + 3 * H).toISOString());
    assert.equal(state.personas.behavior.answer, 'individual');
  });

  it('moves a persona as behavior changes, with its history', async () => {
    await page('ben', 'Pricing');
    await page('ben', 'Pricing');
    t.clock.advance(H);
    await track('ben', 'Teammate Invited');
    const personaChanges = (await internal('ben')).filter((e) => e.event === 'Persona Changed');
    assert.deepEqual(
      personaChanges.map((e) => [e.properties.from, e.properties.to]),
      [
        [null, 'individual'],
        ['individual', 'evaluator'],
      ],
    );
    // Inviting a teammate does not end "evaluator": the first matching rule wins.
    await track('ben', 'Project Created');
    const state = (
      await t.app.inject({ method: 'GET', url: '/api/users/ben/state', headers: t.admin })
    ).json();
    assert.equal(state.personas.behavior.answer, 'team_lead');
    assert.deepEqual(
      state.personas.behavior.history.map((h: { persona: string }) => h.persona),
      ['individual', 'evaluator', 'team_lead'],
    );
  });

  it('exits a time-window segment at the right moment with no new event', async () => {
    const loginAt = t.clock.now();
    await track('cleo', 'Logged In');
    assert.deepEqual(
      (await internal('cleo')).filter((e) => e.event?.startsWith('Segment')).map((e) => e.event),
      ['Segment Entered'],
    );
    const segments = (
      await t.app.inject({ method: 'GET', url: '/api/segments', headers: t.admin })
    ).json();
    assert.ok(
      segments.items.find((s: { id: string; members: number }) => s.id === 'active_recently')
        .members >= 1,
    );

    t.clock.set(loginAt + 10 * D - 1);
    await sweeper.sweepDue();
    assert.equal((await internal('cleo')).filter((e) => e.event === 'Segment Exited').length, 0);

    t.clock.set(loginAt + 10 * D);
    assert.ok((await sweeper.sweepDue()) >= 1);
    const exited = (await internal('cleo')).filter((e) => e.event === 'Segment Exited');
    assert.equal(exited.length, 1);
    assert.equal(exited[0].timestamp, loginAt + 10 * D);
    assert.equal(exited[0].properties.segment, 'active_recently');

    const members = (
      await t.app.inject({
        method: 'GET',
        url: '/api/segments/active_recently/members',
        headers: t.admin,
      })
    ).json();
    assert.ok(!members.items.some((m: { userId: string }) => m.userId === 'cleo'));
    // Nothing is due any more for this user until a new event arrives.
    assert.equal(await sweeper.sweepDue(), 0);
  });

  it('fires overdue checks after downtime', async () => {
    const loginAt = t.clock.now();
    await track('dev', 'Logged In');
    t.clock.set(loginAt + 30 * D); // the process was down for weeks
    await sweeper.sweepDue();
    const exited = (await internal('dev')).filter((e) => e.event === 'Segment Exited');
    assert.equal(exited.length, 1);
  });

  it('runs a timer a definitions change made due, also after events that left it, then rests', async () => {
    // Gus has one next check (the activation deadline), which a pricing view leaves as it is.
    await track('gus', 'Viewed Pricing Page');
    // A definitions change makes every timer due (definitions-changed.ts), possibly after this
    // process already derived states with the new definitions; an event that leaves the user's
    // next check where it was does not write the timer again.
    await getStore().transaction((tx) => tx.recheckAll(t.clock.now(), ['active_recently']));
    t.clock.advance(1000);
    await track('gus', 'Viewed Pricing Page');
    assert.ok((await sweeper.sweepDue()) >= 1);
    // Each timer run wrote its timer again, so nothing is due until the next check.
    assert.equal(await sweeper.sweepDue(), 0);
  });

  it('explains state only for known users and defined segments', async () => {
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/users/nobody/state', headers: t.admin }))
        .statusCode,
      404,
    );
    for (const id of ['nope', 'constructor', '__proto__', 'toString']) {
      const url = `/api/segments/${id}/members`;
      const response = await t.app.inject({ method: 'GET', url, headers: t.admin });
      assert.equal(response.statusCode, 404, url);
    }
  });
});
