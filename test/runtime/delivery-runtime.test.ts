import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { SlackChannel } from '../../src/channels/slack/slack-channel.js';
import { SmtpChannel } from '../../src/channels/email/smtp-channel.js';
import { WebhookChannel } from '../../src/channels/webhook/webhook-channel.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { DeliveryWorker } from '../../src/runtime/delivery/delivery-worker.js';
import { Dispatcher } from '../../src/runtime/delivery/dispatcher.js';
import { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import type { Store } from '../../src/store/store.js';
import { startSmtpTestServer, type SmtpTestServer } from '../channels/smtp-test-server.js';
import { removeTemplates, writeTemplates } from '../templates/template-fixtures.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const definitions = parseDefinitions(
  `
delivery:
  quiet_hours: { from: '21:00', to: '08:00', channels: [email] }
  caps:
    email: { max: 2, per: 7d }
journeys:
  welcome:
    trigger: { event: Signed Up }
    steps:
      - { id: hello, send: welcome }
  receipt:
    trigger: { event: Invoice Paid }
    entry: every_time
    concurrent: true
    steps:
      - { id: receipt, send: { template: receipt, transactional: true } }
  alert:
    trigger: { event: Viewed Pricing Page }
    steps:
      - { id: csm, notify: { template: csm_alert, to: customer_success } }
`,
  'delivery-test.yaml',
);

const TEMPLATES = {
  'welcome.mjml.liquid': `---
subject: {{ user.first_name }}, your {{ event.properties.plan }} trial has started
topic: onboarding
---
<p>Hi {{ user.first_name }}, welcome to the {{ event.properties.plan }} plan.</p>
`,
  'receipt.mjml.liquid': `---
subject: Receipt for {{ event.properties.amount }}
category: transactional
---
<p>Thanks for paying {{ event.properties.amount }}.</p>
`,
  'csm_alert.text.liquid': `---
format: slack
---
{{ user.first_name }} viewed pricing — owner: @sam
`,
};

/** Delivery through the real runtime: queued by ingest, sent over SMTP to a real server. */
forEachStore('delivery', (getStore: () => Store) => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  let slackServer: Server;
  const slackPosts: unknown[] = [];
  let templatesDir: string;
  let worker: DeliveryWorker;
  let email: SmtpChannel;
  const at = () => new Date(t.clock.now()).toISOString();
  const send = (url: string, payload: object) =>
    t.app.inject({
      method: 'POST',
      url,
      // The product's backend: it sets email addresses.
      headers: t.server,
      payload: { ...payload, timestamp: at() },
    });
  const messagesOf = async (userId: string) =>
    (await getStore().listMessages({ profileId: userId }, { limit: 50 })).items;

  before(async () => {
    smtp = await startSmtpTestServer();
    slackServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        slackPosts.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => slackServer.listen(0, '127.0.0.1', resolve));
    const slackUrl = `http://127.0.0.1:${(slackServer.address() as { port: number }).port}/hook`;
    templatesDir = await writeTemplates(TEMPLATES);
    t = await testApp(getStore(), { definitions });
    t.clock.set(Date.UTC(2026, 0, 5, 12)); // noon UTC: outside quiet hours
    const dispatcher = new Dispatcher({
      renderer: await LiquidRenderer.fromDirectory(templatesDir),
      email: (email = new SmtpChannel({
        url: `smtp://127.0.0.1:${smtp.port}`,
        clock: t.clock,
        messageIdDomain: 'cairn.test',
        tls: { rejectUnauthorized: false },
      })),
      slack: new SlackChannel({ clock: t.clock }),
      webhook: new WebhookChannel({ clock: t.clock }),
      destinations: {
        slackUrl: (to) => (to === 'customer_success' ? slackUrl : null),
        webhook: () => null,
      },
      links: {
        baseUrl: 'https://cairn.test',
        workspaceSecret: 'ws_test_secret_for_links',
        unsubscribeMailbox: 'unsub@cairn.test',
      },
      from: { name: 'Tasklane', address: 'hello@tasklane.test' },
      workspaceName: 'Tasklane',
    });
    worker = new DeliveryWorker(getStore(), t.workspace, t.clock, dispatcher, {
      retry: { maxAttempts: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      random: () => 0.5,
    });
  });
  after(async () => {
    await t.app.close();
    await email.close();
    await smtp.stop();
    slackServer.close();
    await removeTemplates(templatesDir);
  });

  it('sends a marketing email over SMTP that quotes the user and carries one-click unsubscribe', async () => {
    await send('/v1/identify', {
      userId: 'dana',
      traits: { email: 'dana@acme.test', first_name: 'Dana' },
    });
    await send('/v1/track', { userId: 'dana', event: 'Signed Up', properties: { plan: 'Team' } });
    const received = smtp.nextMail();
    await worker.sweepDue();
    assert.equal((await messagesOf('dana'))[0].state, 'sent');
    const mail = await simpleParser((await received).raw);
    assert.equal(mail.subject, 'Dana, your Team trial has started');
    assert.match(mail.html || '', /welcome to the Team plan/);
    assert.match(mail.text || '', /welcome to the Team plan/);
    const header = (name: string) =>
      mail.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ');
    assert.equal(
      header('list-unsubscribe-post'),
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    assert.match(
      header('list-unsubscribe') ?? '',
      /^List-Unsubscribe: <https:\/\/cairn\.test\/l\/u\/.+>, <mailto:unsub@cairn\.test/,
    );
    const [message] = await messagesOf('dana');
    assert.equal(message.state, 'sent');
    assert.equal(message.attempts, 1);
    assert.ok(
      message.providerId && mail.messageId?.includes(message.providerId.replace(/[<>]/g, '')),
    );
    // Running the worker again sends nothing more.
    assert.equal(await worker.sweepDue(), 0);
  });

  it('suppresses marketing to an unsubscribed user but still sends transactional mail', async () => {
    await send('/v1/identify', {
      userId: 'eli',
      traits: { email: 'eli@acme.test', first_name: 'Eli' },
    });
    await getStore().transaction((tx) =>
      tx.putConsents([
        {
          profileId: 'eli',
          unsubscribedAll: true,
          unsubscribedTopics: [],
          subscribedTopics: [],
          suppressedChannels: [],
          updatedAt: t.clock.now(),
        },
      ]),
    );
    await send('/v1/track', { userId: 'eli', event: 'Signed Up', properties: { plan: 'Solo' } });
    await send('/v1/track', {
      userId: 'eli',
      event: 'Invoice Paid',
      properties: { amount: '$49' },
    });
    const received = smtp.nextMail();
    await worker.sweepDue();
    assert.equal((await simpleParser((await received).raw)).subject, 'Receipt for $49');
    const states = Object.fromEntries((await messagesOf('eli')).map((m) => [m.template, m.state]));
    assert.deepEqual(states, { welcome: 'suppressed', receipt: 'sent' });
  });

  it('defers during quiet hours and sends when they end', async () => {
    t.clock.set(Date.UTC(2026, 0, 5, 22)); // 22:00 UTC
    await send('/v1/identify', {
      userId: 'fay',
      traits: { email: 'fay@acme.test', first_name: 'Fay' },
    });
    await send('/v1/track', { userId: 'fay', event: 'Signed Up', properties: { plan: 'Team' } });
    await worker.sweepDue();
    const [deferred] = await messagesOf('fay');
    assert.equal(deferred.state, 'deferred');
    assert.equal(deferred.dueAt, Date.UTC(2026, 0, 6, 8));
    t.clock.set(Date.UTC(2026, 0, 6, 8));
    const received = smtp.nextMail();
    await worker.sweepDue();
    assert.equal(
      (await simpleParser((await received).raw)).subject,
      'Fay, your Team trial has started',
    );
    assert.equal((await messagesOf('fay'))[0].state, 'sent');
  });

  it('retries a temporary failure with backoff, then dead-letters it', async () => {
    t.clock.set(Date.UTC(2026, 0, 7, 12));
    await send('/v1/identify', {
      userId: 'gus',
      traits: { email: 'tempfail-gus@acme.test', first_name: 'Gus' },
    });
    await send('/v1/track', { userId: 'gus', event: 'Signed Up', properties: { plan: 'Team' } });
    await worker.sweepDue();
    let [message] = await messagesOf('gus');
    assert.equal(message.state, 'retrying');
    assert.equal(message.dueAt, t.clock.now() + 30_000);
    assert.match(message.reason ?? '', /451|temporar/i);
    t.clock.advance(30_000);
    await worker.sweepDue();
    [message] = await messagesOf('gus');
    assert.equal(message.state, 'dead');
    assert.equal(message.attempts, 2);
  });

  it('records a hard bounce as failed and suppresses email for that user', async () => {
    await send('/v1/identify', {
      userId: 'hal',
      traits: { email: 'bounce-hal@acme.test', first_name: 'Hal' },
    });
    await send('/v1/track', { userId: 'hal', event: 'Signed Up', properties: { plan: 'Team' } });
    await worker.sweepDue();
    const [message] = await messagesOf('hal');
    assert.equal(message.state, 'failed');
    assert.deepEqual((await getStore().getConsent('hal'))?.suppressedChannels, ['email']);
  });

  it('posts a Slack alert to the customer-success destination', async () => {
    await send('/v1/identify', { userId: 'ivy', traits: { first_name: 'Ivy' } });
    await send('/v1/page', { userId: 'ivy', name: 'Pricing' });
    await worker.sweepDue();
    const [alert] = await messagesOf('ivy');
    assert.equal(alert.channel, 'slack');
    assert.equal(alert.state, 'sent');
    assert.match(JSON.stringify(slackPosts.at(-1)), /Ivy viewed pricing — owner: @sam/);
  });

  it('never sends again a message whose delivery was interrupted', async () => {
    await send('/v1/identify', {
      userId: 'jo',
      traits: { email: 'jo@acme.test', first_name: 'Jo' },
    });
    await send('/v1/track', { userId: 'jo', event: 'Signed Up', properties: { plan: 'Team' } });
    // A process claims the message, then dies before recording the outcome.
    const [queued] = await messagesOf('jo');
    await getStore().transaction(async (tx) => {
      const [claimed] = await tx.claimDueMessages(t.clock.now(), 10);
      assert.equal(claimed.id, queued.id);
      await tx.updateMessages([
        { ...claimed, state: 'sending', attempts: 1, leaseUntil: t.clock.now() + 1000 },
      ]);
    });
    t.clock.advance(1001);
    await worker.sweepDue();
    const [message] = await messagesOf('jo');
    assert.equal(message.state, 'failed');
    assert.match(message.reason ?? '', /interrupted/);
  });

  it('caps marketing email per user and window', async () => {
    t.clock.set(Date.UTC(2026, 0, 8, 12));
    await send('/v1/identify', {
      userId: 'kai',
      traits: { email: 'kai@acme.test', first_name: 'Kai' },
    });
    // Two marketing emails already went to Kai this week.
    await getStore().transaction((tx) =>
      tx.insertMessages(
        ['a', 'b'].map((k) => ({
          id: `earlier-${k}`,
          profileId: 'kai',
          journeyId: null,
          runId: null,
          stepId: null,
          channel: 'email',
          template: 'welcome',
          topic: null,
          transactional: false,
          priority: 'normal',
          state: 'sent',
          reason: null,
          attempts: 1,
          providerId: 'x',
          dueAt: null,
          leaseUntil: null,
          createdAt: t.clock.now() - 3600_000,
          updatedAt: t.clock.now(),
          sentAt: t.clock.now() - 3600_000,
          payload: {},
        })),
      ),
    );
    await send('/v1/track', { userId: 'kai', event: 'Signed Up', properties: { plan: 'Team' } });
    await worker.sweepDue();
    const welcome = (await messagesOf('kai')).find((m) => m.journeyId === 'welcome')!;
    assert.equal(welcome.state, 'capped');
  });
});
