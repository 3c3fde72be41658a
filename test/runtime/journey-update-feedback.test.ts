import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { parseDefinitions } from '../../src/definitions/index.js';
import { RunSweeper } from '../../src/runtime/journeys/run-sweeper.js';
import type { Store } from '../../src/store/store.js';
import { InMemoryRuntime } from '../../src/testing/in-memory-runtime.js';
import { anEvent } from '../support/events.js';
import { sdkCalls } from '../support/sdk-calls.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const H = 3_600_000;

const definitions = parseDefinitions(
  `
segments:
  vip:
    when: { trait: plan, equals: vip }
journeys:
  make_vip:
    trigger: { event: Signed Up }
    steps:
      - { id: set_plan, update: { set: { plan: vip } } }
  vip_thanks:
    trigger: { trait_changed: plan, to: { equals: vip } }
    steps:
      - { id: thanks, send: vip_thanks }
  vip_alert:
    trigger: { segment_entered: vip }
    steps:
      - { id: alert, notify: csm_alert }
  trial:
    trigger: { event: Trial Started }
    steps:
      - { id: pause, wait: 1h }
      - { id: expire, update: { set: { trial: expired }, unset: [plan] } }
  trial_over:
    trigger: { trait_changed: trial, to: { equals: expired } }
    steps:
      - { id: expired, send: trial_expired }
  vip_lost:
    trigger: { segment_exited: vip }
    steps:
      - { id: bye, send: vip_lost }
`,
  'update-feedback-test.yaml',
);

/**
 * What a journey's `update` step changes reaches the other journeys in `cairn serve` as it does
 * in the scenario harness: trait-change triggers, and the state re-derived from the new traits.
 */
forEachStore('journey update feedback', (getStore: () => Store) => {
  let t: TestApp;
  let runs: RunSweeper;
  const templates = async (userId: string) =>
    (await getStore().listMessages({ profileId: userId }, { limit: 50 })).items
      .map((m) => m.template)
      .sort();

  before(async () => {
    t = await testApp(getStore(), { definitions });
    runs = new RunSweeper(getStore(), t.workspace, t.clock);
  });
  after(async () => {
    await t.app.close();
  });

  it('starts trait-change and state-change journeys in the commit of the event', async () => {
    await sdkCalls(t).track('ann', 'Signed Up');
    assert.deepEqual(await templates('ann'), ['csm_alert', 'vip_thanks']);
    const profile = await getStore().getProfile('ann');
    assert.equal(profile?.traits.plan, 'vip');
    const members = await getStore().segmentMembers('vip', { limit: 10 });
    assert.deepEqual(
      members.items.map((m) => m.profileId),
      ['ann'],
    );
    const internal = (await getStore().recentEvents('ann', 20)).filter(
      (e) => e.source === 'internal',
    );
    assert.deepEqual(
      internal.map((e) => e.event),
      ['Segment Entered'],
    );
  });

  it('does the same for an update reached when a wait ends', async () => {
    await sdkCalls(t).track('ann', 'Trial Started');
    t.clock.advance(H);
    await runs.sweepDue();
    assert.deepEqual(await templates('ann'), [
      'csm_alert',
      'trial_expired',
      'vip_lost',
      'vip_thanks',
    ]);
    const profile = await getStore().getProfile('ann');
    assert.equal(profile?.traits.trial, 'expired');
    assert.equal(profile?.traits.plan, undefined);
    assert.deepEqual(await getStore().segmentCounts(), {});
  });
});

it('the scenario harness sends the same for the same events', () => {
  const start = Date.UTC(2026, 0, 5, 9);
  const harness = new InMemoryRuntime(definitions, start);
  harness.apply(anEvent({ type: 'track', event: 'Signed Up', userId: 'ann', timestamp: start }));
  harness.apply(
    anEvent({ type: 'track', event: 'Trial Started', userId: 'ann', timestamp: start }),
  );
  harness.advanceTo(start + H);
  assert.deepEqual(harness.messages.map((m) => m.template).sort(), [
    'csm_alert',
    'trial_expired',
    'vip_lost',
    'vip_thanks',
  ]);
});
