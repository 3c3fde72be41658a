import { testDeliveryWorker } from '../support/test-delivery.js';
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sent, type Channel } from '../../src/channels/channel.js';
import type { EmailMessage } from '../../src/channels/email/email-message.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import type { DeliveryWorker } from '../../src/runtime/delivery/delivery-worker.js';
import { RunSweeper } from '../../src/runtime/journeys/run-sweeper.js';
import type { Store } from '../../src/store/store.js';
import { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import { testApp, WORKSPACE_SECRET, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';
import { removeTemplates, writeTemplates } from '../templates/template-fixtures.js';

const H = 3_600_000;

const definitions = parseDefinitions(
  `
name: Tasklane
milestones:
  source_connected: { event: Data Source Connected }
  report_created: { event: Report Created }
segments:
  source_without_report:
    when:
      all:
        - { milestone: source_connected }
        - { not: { milestone: report_created } }
journeys:
  report_from_your_data:
    trigger: { segment_entered: source_without_report }
    steps:
      - { id: give_them_a_day, wait: 1d }
      - { id: report_from_source, send: { template: report_from_your_data, topic: onboarding } }
  weekly_digest:
    trigger: { schedule: '0 9 * * mon' }
    steps:
      - { id: digest, send: weekly_digest }
topics:
  onboarding: { name: Getting started }
`,
  'preview-trigger-test.yaml',
);

const TEMPLATES = {
  'report_from_your_data.mjml.liquid': `---
subject: Three reports from {{ event.properties.type | default: "their data" }}
---
<p>Hi {{ user.first_name }}, you connected {{ event.properties.name | default: "a source" }} ({{ event.name }}).</p>
<p><a href="https://app.example/reports/new?source_type={{ event.properties.type }}">Build one</a></p>
`,
  'weekly_digest.mjml.liquid': `---
subject: Your week{% if event %} ({{ event.name }}){% endif %}
---
<p>Hi {{ user.first_name }}.</p>
`,
};

/**
 * A preview with a user renders what the dispatcher sends that user: for a journey started by
 * a segment, `event` is the event that put them in it, not their latest event.
 */
forEachStore('preview: the event the dispatcher would use', (getStore: () => Store) => {
  let t: TestApp;
  let templatesDir: string;
  let worker: DeliveryWorker;
  let runs: RunSweeper;
  const outbox: EmailMessage[] = [];
  const at = () => new Date(t.clock.now()).toISOString();
  const call = async (url: string, payload: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url,
      // The product's backend: it sets email addresses.
      headers: t.server,
      payload: { ...payload, timestamp: at() },
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  const preview = async (id: string, userId: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/templates/${id}/preview`,
      payload: { userId },
      headers: t.admin,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  before(async () => {
    templatesDir = await writeTemplates(TEMPLATES);
    const renderer = await LiquidRenderer.fromDirectory(templatesDir);
    const links = {
      baseUrl: 'https://cairn.test',
      workspaceSecret: WORKSPACE_SECRET,
      unsubscribeMailbox: 'unsubscribe@mail.test',
    };
    t = await testApp(getStore(), {
      definitions,
      templates: { renderer, links, workspaceName: 'Tasklane' },
    });
    t.clock.set(Date.UTC(2026, 0, 5, 12));
    const email: Channel<EmailMessage> = {
      name: 'capture',
      send: async (message) => {
        outbox.push(message);
        return sent(`<${message.idempotencyKey}@cairn.test>`);
      },
      close: async () => {},
    };
    worker = testDeliveryWorker(getStore(), t, { renderer, email, links });
    runs = new RunSweeper(getStore(), t.workspace, t.clock);
  });
  after(async () => {
    await t.app.close();
    await removeTemplates(templatesDir);
  });

  it('quotes the event that put the user in the segment, and equals the email sent', async () => {
    await call('/v1/identify', {
      userId: 'lee',
      traits: { email: 'lee@acme.example', first_name: 'Lee' },
    });
    await call('/v1/track', {
      userId: 'lee',
      event: 'Data Source Connected',
      properties: { type: 'postgres', name: 'Production DB' },
    });
    t.clock.advance(H);
    // Their latest event, but not what the journey started on.
    await call('/v1/track', { userId: 'lee', event: 'Logged In' });

    const before = await preview('report_from_your_data', 'lee');
    assert.equal(before.subject, 'Three reports from postgres');
    assert.match(before.text, /you connected Production DB \(Data Source Connected\)/);
    assert.equal(before.eventSource.from, 'run');
    assert.equal(before.eventSource.journeyId, 'report_from_your_data');
    assert.equal(before.eventSource.event, 'Data Source Connected');

    t.clock.advance(24 * H);
    await runs.sweepDue();
    await worker.sweepDue();
    const email = outbox.find((m) => m.to.address === 'lee@acme.example');
    assert.ok(email, 'the dispatcher sent the email');
    // The same message key (run, step, visit) and topic sign the same links.
    assert.equal(email.subject, before.subject);
    assert.equal(email.html, before.html);
    assert.equal(email.text, before.text);

    const afterSend = await preview('report_from_your_data', 'lee');
    assert.equal(afterSend.eventSource.from, 'message');
    assert.equal(afterSend.eventSource.id, email.idempotencyKey);
    assert.deepEqual(
      [afterSend.subject, afterSend.html, afterSend.text],
      [email.subject, email.html, email.text],
    );
  });

  it('says there is no event when the user is in no run and their log would start none', async () => {
    const digest = await preview('weekly_digest', 'lee');
    assert.equal(digest.subject, 'Your week');
    assert.equal(digest.context.event, undefined);
    assert.deepEqual(digest.eventSource, {
      from: 'none',
      journeyId: 'weekly_digest',
      reason:
        'no run of weekly_digest, and nothing in the latest 500 events of the user would start one',
    });
  });
});
