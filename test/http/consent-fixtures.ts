import { testDeliveryWorker } from '../support/test-delivery.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxChannel } from '../../src/channels/email/outbox-channel.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import type { DeliveryWorker } from '../../src/runtime/delivery/delivery-worker.js';
import type { StoredEvent } from '../../src/core/types.js';
import type { Store } from '../../src/store/store.js';
import { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import { testApp, WORKSPACE_SECRET, type TestApp } from '../support/test-app.js';
import { removeTemplates, writeTemplates } from '../templates/template-fixtures.js';

/** A workspace with an opt-out and an opt-in topic, and a journey sending to each. */
export const definitions = parseDefinitions(
  `
name: Tasklane
topics:
  product_tips:
    name: Product tips
    description: Tips & tricks <b>weekly</b>
  announcements:
    description: New features
    default: unsubscribed
journeys:
  tips:
    trigger: { event: Tip Due }
    entry: every_time
    concurrent: true
    steps:
      - { id: tip, send: { template: tip, topic: product_tips } }
  plain_tips:
    trigger: { event: Plain Tip Due }
    entry: every_time
    concurrent: true
    steps:
      - { id: plain_tip, send: tip }
  news:
    trigger: { event: News Published }
    entry: every_time
    concurrent: true
    steps:
      - { id: news, send: { template: news, topic: announcements } }
  digest:
    trigger: { event: Digest Due }
    entry: every_time
    concurrent: true
    steps:
      - { id: digest, send: digest }
  opened:
    trigger: { event: Email Opened, where: { template: tip } }
    steps:
      - { id: follow_up, send: digest }
`,
  'consent-test.yaml',
);

const TEMPLATES = {
  'tip.mjml.liquid': `---
subject: A tip for {{ user.first_name }}
topic: product_tips
---
<p>Try <a href="https://app.tasklane.test/reports">saved reports</a>.</p>
<p><small>Sent to {{ user.first_name }}.</small></p>
<p><a href="{{ links.unsubscribe }}">Unsubscribe</a></p>
`,
  'news.mjml.liquid': `---
subject: What is new, {{ user.first_name }}
topic: announcements
---
<p>Dashboards are here.</p>
`,
  'digest.mjml.liquid': `---
subject: Your digest
---
<p>Everything this week.</p>
`,
};

export const BASE_URL = 'https://cairn.test';

export interface ConsentHarness {
  t: TestApp;
  worker: DeliveryWorker;
  outboxDir: string;
  /** Sends a Segment call at the clock's time. */
  send(path: string, payload: object): Promise<unknown>;
  /** Internal events of a user, oldest first. */
  internalEvents(userId: string, name?: string): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

/** The HTTP app over a real store with a delivery worker writing to a dev outbox. */
export async function consentHarness(
  store: Store,
  options: { tracking?: boolean } = {},
): Promise<ConsentHarness> {
  const outboxDir = await mkdtemp(join(tmpdir(), 'cairn-outbox-'));
  const templatesDir = await writeTemplates(TEMPLATES);
  const renderer = await LiquidRenderer.fromDirectory(templatesDir);
  const links = {
    baseUrl: BASE_URL,
    workspaceSecret: WORKSPACE_SECRET,
    unsubscribeMailbox: 'unsub@cairn.test',
  };
  const t = await testApp(store, {
    definitions,
    outboxDir,
    tracking: options.tracking,
    templates: { renderer, links, workspaceName: 'Tasklane' },
  });
  t.clock.set(Date.UTC(2026, 0, 5, 12));
  const email = new OutboxChannel({
    dir: outboxDir,
    clock: t.clock,
    messageIdDomain: 'cairn.test',
  });
  const worker = testDeliveryWorker(store, t, {
    renderer,
    email,
    links,
    from: { name: 'Tasklane', address: 'hello@tasklane.test' },
    tracking: options.tracking ?? true,
  });
  return {
    t,
    worker,
    outboxDir,
    send: (path, payload) =>
      t.app.inject({
        method: 'POST',
        url: path,
        // The product's backend: it sets email addresses.
        headers: t.server,
        payload: { ...payload, timestamp: new Date(t.clock.now()).toISOString() },
      }),
    async internalEvents(userId, name) {
      const events = await store.recentEvents(userId, 200);
      return events
        .filter((e) => e.source === 'internal' && (name === undefined || e.event === name))
        .reverse();
    },
    async close() {
      await t.app.close();
      await email.close();
      await removeTemplates(templatesDir);
      await rm(outboxDir, { recursive: true, force: true });
    },
  };
}

/** The path of a link (`https://cairn.test/l/u/…` → `/l/u/…`), for `app.inject`. */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
