import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { IncomingEvent } from '../../src/core/types.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import type { Store } from '../../src/store/store.js';
import { InMemoryRuntime } from '../../src/testing/in-memory-runtime.js';
import { anEvent } from '../support/events.js';
import { sdkCalls } from '../support/sdk-calls.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const definitions = parseDefinitions(
  `
score:
  half_life: 14d
  weights:
    Report Created: 10
  thresholds:
    hot: 25
journeys:
  enterprise_welcome:
    trigger:
      account: { trait_changed: plan, to: { equals: enterprise } }
    steps:
      - { id: welcome, send: enterprise_welcome }
  account_hot:
    trigger:
      account: { score_crossed: hot }
      members: { role: [admin, owner] }
    steps:
      - { id: roi, send: executive_roi }
  invoice_paid:
    trigger:
      account: { event: Invoice Paid }
    entry: every_time
    steps:
      - { id: receipt, send: invoice_receipt }
`,
  'account-triggers-test.yaml',
);

/** Account triggers through the real runtime: an account's change starts its members' runs. */
forEachStore('journey account triggers', (getStore: () => Store) => {
  let t: TestApp;
  const sent = async (template: string) =>
    (await getStore().listMessages({}, { limit: 200 })).items
      .filter((m) => m.template === template)
      .map((m) => m.profileId)
      .sort();

  before(async () => {
    t = await testApp(getStore(), { definitions });
    const sdk = sdkCalls(t);
    await sdk.identify('ann', { role: 'admin' });
    await sdk.identify('bob', { role: 'member' });
    await sdk.identify('cat', { role: 'owner' });
    await sdk.group('ann', 'acme', { plan: 'starter' });
    await sdk.group('bob', 'acme');
    await sdk.group('cat', 'acme');
    await sdk.group('dan', 'globex', { plan: 'starter' });
  });
  after(async () => {
    await t.app.close();
  });

  it('starts the journey for every member when the account’s trait changes, once each', async () => {
    assert.deepEqual(await sent('enterprise_welcome'), []);
    await sdkCalls(t).group('bob', 'acme', { plan: 'enterprise' });
    assert.deepEqual(await sent('enterprise_welcome'), ['ann', 'bob', 'cat']);
    // The same trait again changes nothing; another account's change is its own.
    await sdkCalls(t).group('cat', 'acme', { plan: 'enterprise' });
    assert.deepEqual(await sent('enterprise_welcome'), ['ann', 'bob', 'cat']);
    const runs = await getStore().listRuns({ journeyId: 'enterprise_welcome' }, { limit: 10 });
    assert.equal(runs.items.length, 3);
    assert.ok(runs.items.every((r) => r.trigger.account === 'acme'));
  });

  it('lets in only the members with a role when the trigger names roles', async () => {
    const sdk = sdkCalls(t);
    await sdk.track('bob', 'Report Created', {}, { groupId: 'acme' });
    await sdk.track('bob', 'Report Created', {}, { groupId: 'acme' });
    assert.deepEqual(await sent('executive_roi'), []);
    await sdk.track('bob', 'Report Created', {}, { groupId: 'acme' });
    assert.deepEqual(await sent('executive_roi'), ['ann', 'cat']);
  });

  it('counts a member who joins in the same batch as the account’s event', async () => {
    const at = new Date(t.clock.now()).toISOString();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: t.sdk,
      payload: {
        batch: [
          { type: 'group', userId: 'eve', groupId: 'acme', timestamp: at },
          {
            type: 'track',
            userId: 'eve',
            event: 'Invoice Paid',
            context: { groupId: 'acme' },
            timestamp: at,
          },
        ],
      },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(await sent('invoice_receipt'), ['ann', 'bob', 'cat', 'eve']);
  });
});

/** The same events through the server runtime and the scenario harness start the same runs. */
forEachStore('journey account triggers, as the scenario harness', (getStore: () => Store) => {
  const start = Date.UTC(2026, 0, 5, 9);
  const events: IncomingEvent[] = [
    anEvent({ type: 'identify', userId: 'u1', traits: { role: 'owner' }, timestamp: start }),
    anEvent({ type: 'group', userId: 'u1', groupId: 'a1', traits: { plan: 'pro' } }),
    anEvent({ type: 'group', userId: 'u2', groupId: 'a1' }),
    anEvent({ type: 'group', userId: 'u3', groupId: 'a2', traits: { plan: 'pro' } }),
    ...[1, 2, 3].map(() =>
      anEvent({ type: 'track', userId: 'u2', event: 'Report Created', groupId: 'a1' }),
    ),
    anEvent({ type: 'group', userId: 'u2', groupId: 'a1', traits: { plan: 'enterprise' } }),
    anEvent({ type: 'track', userId: 'u3', event: 'Invoice Paid', groupId: 'a2' }),
    anEvent({ type: 'track', userId: 'u1', event: 'Invoice Paid', groupId: 'a1' }),
  ];

  it('hands each account occurrence to the same members', async () => {
    const harness = new InMemoryRuntime(definitions, start);
    for (const event of events) harness.apply(event);
    const expected = harness.messages.map((m) => `${m.userId} ${m.template}`).sort();
    const t = await testApp(getStore(), { definitions });
    t.clock.set(start);
    for (const event of events) await t.writer.submit([event]);
    await t.app.close();
    const messages = (await getStore().listMessages({}, { limit: 100 })).items;
    assert.deepEqual(messages.map((m) => `${m.profileId} ${m.template}`).sort(), expected);
    assert.equal(expected.length, 6);
  });
});
