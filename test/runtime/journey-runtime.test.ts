import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { parseDefinitions } from '../../src/definitions/index.js';
import { RunSweeper } from '../../src/runtime/journeys/run-sweeper.js';
import { StateSweeper } from '../../src/runtime/state-sweeper.js';
import type { Store } from '../../src/store/store.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const H = 3_600_000;

const definitions = parseDefinitions(
  `
milestones:
  first_report: { event: Report Created }
segments:
  quiet_day:
    when:
      all:
        - { signed_up: { older_than: 24h } }
        - { not: { performed: Logged In } }
activation:
  milestones: [first_report]
  within: 7d
  signup: { event: Signed Up }
journeys:
  welcome:
    trigger: { event: Signed Up }
    steps:
      - { id: hello, send: { template: welcome, transactional: true } }
  nudge:
    trigger: { event: Signed Up }
    goal: { rule: { activated: true }, within: 7d }
    holdout: 0.5
    steps:
      - id: first_login
        wait_until: { event: Logged In, timeout: 24h }
        on_timeout:
          - { id: trouble, send: trouble_getting_started }
      - { id: later, wait: 2h }
      - { id: next_step, send: next_step }
  quiet:
    trigger: { segment_entered: quiet_day }
    steps:
      - { id: alert, notify: csm_alert }
`,
  'journeys-test.yaml',
);

/** Journeys through the real runtime: HTTP ingest, runs and messages in the store, timers. */
forEachStore('journey runtime', (getStore: () => Store) => {
  let t: TestApp;
  let runs: RunSweeper;
  let states: StateSweeper;
  const at = () => new Date(t.clock.now()).toISOString();
  const track = (userId: string, event: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: t.sdk,
      payload: { userId, event, timestamp: at() },
    });
  const messages = async (userId: string) =>
    (await getStore().listMessages({ profileId: userId }, { limit: 50 })).items.reverse();

  before(async () => {
    t = await testApp(getStore(), { definitions });
    runs = new RunSweeper(getStore(), t.workspace, t.clock);
    states = new StateSweeper(getStore(), t.workspace, t.clock);
  });
  after(async () => {
    await t.app.close();
  });

  it('queues the message in the same commit as the event that triggered it', async () => {
    assert.equal((await track('wes', 'Signed Up')).statusCode, 200);
    const queued = await messages('wes');
    const welcome = queued.find((m) => m.journeyId === 'welcome')!;
    assert.equal(welcome.state, 'queued');
    assert.equal(welcome.template, 'welcome');
    assert.equal(welcome.channel, 'email');
    assert.equal(welcome.transactional, true);
    assert.equal(welcome.id, `${welcome.runId}:hello:1`);
    // The same event again is a duplicate: no second run, no second message.
    const [first] = await getStore().recentEvents('wes', 1);
    await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: t.sdk,
      payload: { userId: 'wes', event: 'Signed Up', messageId: first.messageId },
    });
    assert.equal((await messages('wes')).filter((m) => m.journeyId === 'welcome').length, 1);
  });

  it('waits for an event, times out on a durable timer, and resumes after a wait', async () => {
    const users = Array.from({ length: 12 }, (_, i) => `nudge-${i}`);
    for (const u of users) await track(u, 'Signed Up');
    await track(users[0], 'Logged In'); // passes the wait at once
    t.clock.advance(24 * H);
    await runs.sweepDue();
    await states.sweepDue();
    for (const u of users.slice(1)) {
      const trouble = (await messages(u)).filter((m) => m.stepId === 'trouble');
      assert.equal(trouble.length, 1, `${u} gets "trouble getting started" once`);
      assert.ok(['queued', 'held_out'].includes(trouble[0].state));
    }
    assert.equal((await messages(users[0])).filter((m) => m.stepId === 'trouble').length, 0);
    t.clock.advance(2 * H);
    await runs.sweepDue();
    for (const u of users) {
      assert.equal((await messages(u)).filter((m) => m.stepId === 'next_step').length, 1);
    }
    // Held-out users go through the journey, but their messages are only recorded.
    const all = (await Promise.all(users.map(messages)))
      .flat()
      .filter((m) => m.journeyId === 'nudge');
    const heldOut = all.filter((m) => m.state === 'held_out');
    assert.ok(
      heldOut.length > 0 && heldOut.length < all.length,
      'some users held out, some treated',
    );
    const stats = (await getStore().journeyStats()).nudge;
    // Everyone who signed up entered: these users and `wes` from the first test.
    assert.equal(stats.treated.entered + stats.heldOut.entered, users.length + 1);
  });

  it('converts on the goal and reports it per treated and held-out runs', async () => {
    await track('gia', 'Signed Up');
    await track('gia', 'Report Created');
    const [run] = (
      await getStore().listRuns({ profileId: 'gia', journeyId: 'nudge' }, { limit: 5 })
    ).items;
    assert.equal(run.status, 'converted');
    assert.ok(run.convertedAt !== null);
  });

  it('starts a journey from a segment entered on a timer, with no event', async () => {
    await track('hal', 'Signed Up');
    t.clock.advance(24 * H);
    await states.sweepDue();
    const alerts = (await messages('hal')).filter((m) => m.journeyId === 'quiet');
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].channel, 'slack');
  });

  it('lists runs with their step history', async () => {
    const page = await getStore().listRuns({ profileId: 'nudge-1' }, { limit: 10 });
    const nudge = page.items.find((r) => r.journeyId === 'nudge')!;
    assert.deepEqual(nudge.history.map((h) => [h.stepId, h.outcome]).slice(0, 3), [
      [null, 'entered'],
      ['first_login', 'waiting'],
      ['first_login', 'timed_out'],
    ]);
  });
});
