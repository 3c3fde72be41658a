import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { readSettings } from '../../src/config/settings.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { EventRetention } from '../../src/runtime/data-rights/event-retention.js';
import type { Store } from '../../src/store/store.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const D = 86_400_000;

const definitions = parseDefinitions(
  `
milestones:
  report_created: { event: Report Created }
  report_shared: { event: Report Shared, where: { recipient_type: teammate } }
segments:
  frequent:
    when: { performed: Logged In, at_least: 2, within: 30d }
`,
  'retention-test.yaml',
);

it('reads CAIRN_EVENT_RETENTION_DAYS: unset keeps events, else whole days from 1', () => {
  assert.equal(readSettings({}, {}).eventRetentionDays, null);
  assert.equal(readSettings({}, { CAIRN_EVENT_RETENTION_DAYS: '90' }).eventRetentionDays, 90);
  for (const bad of ['0', '-3', '1.5', 'ninety'])
    assert.throws(
      () => readSettings({}, { CAIRN_EVENT_RETENTION_DAYS: bad }),
      /CAIRN_EVENT_RETENTION_DAYS must be a whole number of days, at least 1/,
    );
});

forEachStore('event retention', (getStore: () => Store) => {
  let t: TestApp;
  const track = (userId: string, event: string, properties = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: t.sdk,
      payload: { userId, event, properties, timestamp: new Date(t.clock.now()).toISOString() },
    });
  const allEvents = async () => {
    const events = [];
    for (let after = 0; ;) {
      const page = await getStore().readEvents(after, 500);
      if (!page.length) return events;
      events.push(...page);
      after = page[page.length - 1].seq;
    }
  };

  before(async () => {
    t = await testApp(getStore(), { definitions });
  });
  after(async () => t.app.close());

  it('drops events older than N days on its hourly pass, and state does not move', async () => {
    const start = t.clock.now();
    // 40 days of history: a report on day 0, a shared report on day 3, logins every 5 days.
    for (let day = 0; day < 40; day++) {
      t.clock.set(start + day * D);
      if (day === 0) await track('rita', 'Report Created');
      if (day === 3) await track('rita', 'Report Shared', { recipient_type: 'teammate' });
      if (day % 5 === 0) await track('rita', 'Logged In');
      if (day % 7 === 0) await track('sam', 'Logged In');
    }
    const before = await getStore().getProfile('rita');
    const beforeSam = await getStore().getProfile('sam');
    const everything = await allEvents();
    const retention = new EventRetention(getStore(), 30, t.clock, { batchSize: 4 });

    // The reference: the events whose time is at least 30 days before now, read from the log.
    const now = t.clock.now();
    const old = everything.filter((e) => e.timestamp < now - 30 * D).map((e) => e.messageId);
    assert.ok(old.length > 4, 'more than one batch to drop');
    assert.equal(await retention.sweepDue(), old.length);
    const left = (await allEvents()).map((e) => e.messageId);
    assert.deepEqual(
      left,
      everything.map((e) => e.messageId).filter((id) => !old.includes(id)),
    );
    // Counters, milestones, segments: all in the profile, none read back from old rows.
    assert.deepEqual(await getStore().getProfile('rita'), before);
    assert.deepEqual(await getStore().getProfile('sam'), beforeSam);

    // The next pass is an hour later: events that age meanwhile wait for it.
    const M = 60_000;
    t.clock.advance(D - 15 * M);
    assert.equal(await retention.sweepDue(), 0, 'nothing aged yet; the next pass is in an hour');
    t.clock.advance(30 * M);
    const waiting = (await allEvents()).filter((e) => e.timestamp < t.clock.now() - 30 * D);
    assert.ok(waiting.length > 0);
    assert.equal(await retention.sweepDue(), 0, 'aged, but the pass is not due');
    t.clock.advance(30 * M);
    const aged = (await allEvents()).filter((e) => e.timestamp < t.clock.now() - 30 * D).length;
    assert.ok(aged > 0);
    assert.equal(await retention.sweepDue(), aged);

    // Later events still count from the counters kept in the profile.
    await track('rita', 'Report Created');
    const latest = (await getStore().getProfile('rita'))!;
    assert.equal(latest.counters['Report Created'].count, 2);
    assert.deepEqual(Object.keys(latest.state.milestones as object).sort(), [
      'report_created',
      'report_shared',
    ]);
  });
});
