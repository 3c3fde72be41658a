import { testDeliveryWorker } from '../support/test-delivery.js';
import { sent, type Channel, type OutboundMessage } from '../../src/channels/channel.js';
import { userHash } from '../../src/consent/user-hash.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import type { DeliveryWorker } from '../../src/runtime/delivery/delivery-worker.js';
import type { PreviewSource } from '../../src/runtime/delivery/template-preview.js';
import type { Store } from '../../src/store/store.js';
import { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import { removeTemplates, writeTemplates } from '../templates/template-fixtures.js';
import { WORKSPACE_SECRET, testApp, type TestApp } from '../support/test-app.js';
import type { AllowedOrigins } from '../../src/config/inapp-origins.js';

/** A workspace with in-app tips, a checklist per persona and the P2 "next login" tip. */
export const INAPP_DEFINITIONS = parseDefinitions(
  `
name: Tasklane
milestones:
  source_connected: { event: Data Source Connected }
  report_created: { event: Report Created }
  report_shared: { event: Report Shared }
  api_integration: { event: Integration Configured }
personas:
  path:
    rules:
      - { persona: technical, when: { milestone: api_integration } }
checklist:
  default:
    - { milestone: source_connected, label: Connect a data source, link: /sources/new }
    - { milestone: report_created, label: Create your first report, link: /reports/new }
    - { milestone: report_shared, label: Share a report with a teammate }
  technical:
    - { milestone: api_integration, label: Set up the API, link: 'https://docs.example.com/api' }
    - { milestone: source_connected, label: Connect a data source }
journeys:
  welcome_tip:
    trigger: { event: Signed Up }
    steps:
      - { id: tip, send: { channel: inapp, template: welcome_tip } }
  source_tip:
    trigger: { milestone: source_connected }
    steps:
      - { id: tip, send: { channel: inapp, template: source_tip } }
  collaboration:
    trigger: { milestone: report_created }
    goal: { rule: { milestone: report_shared } }
    steps:
      - { id: email, send: collaboration_email }
      - id: tip
        send: { channel: inapp, template: collaboration_tip, show: next_login, within: 7d }
`,
  'inapp-test.yaml',
);

export const INAPP_TEMPLATES = {
  'welcome_tip.inapp.liquid': `---
title: Welcome, {{ user.first_name }}
cta_label: Connect a source
cta_url: /sources/new?plan={{ event.properties.plan | url_encode }}
---
<p>Your <b>{{ event.properties.plan }}</b> trial starts with your data.</p>
`,
  'source_tip.inapp.liquid': `---
title: Your {{ event.properties.type }} data is in
---
<p>Next: a first report from it.</p>
`,
  'collaboration_tip.inapp.liquid': `---
title: Share “{{ event.properties.name }}” with a teammate
cta_label: Share it
cta_url: https://app.example.com/reports?share=latest
---
<p>It takes ten seconds, {{ user.first_name }}.</p>
`,
  'collaboration_email.mjml.liquid': `---
subject: Two ways teams use “{{ event.properties.name }}”
category: transactional
---
<p>Share it with a teammate.</p>
`,
};

/** A channel that delivers everything at once (the email of the P2 case is not under test). */
function acceptAll<M extends OutboundMessage>(name: string): Channel<M> {
  return { name, send: async (m) => sent(`${name}:${m.idempotencyKey}`), close: async () => {} };
}

export interface InAppHarness {
  t: TestApp;
  worker: DeliveryWorker;
  templatesDir: string;
  /** Ingests a track call for a user at the clock's time. */
  track(userId: string, event: string, properties?: object): Promise<void>;
  identify(userId: string, traits: object): Promise<void>;
  close(): Promise<void>;
}

/** The test app with templates and a delivery worker (in-app messages reach `sent` through it). */
export async function inappHarness(
  store: Store,
  options: { inappOrigins?: AllowedOrigins } = {},
): Promise<InAppHarness> {
  const templatesDir = await writeTemplates(INAPP_TEMPLATES);
  const renderer = await LiquidRenderer.fromDirectory(templatesDir);
  const links = {
    baseUrl: 'https://cairn.test',
    workspaceSecret: WORKSPACE_SECRET,
    unsubscribeMailbox: 'unsubscribe@cairn.test',
  };
  const templates: PreviewSource = { renderer, links, workspaceName: 'Tasklane' };
  const t = await testApp(store, {
    definitions: INAPP_DEFINITIONS,
    templates,
    inappOrigins: options.inappOrigins,
  });
  t.clock.set(Date.UTC(2026, 0, 5, 12));
  const worker = testDeliveryWorker(store, t, {
    renderer,
    links,
    email: acceptAll('email'),
    slack: acceptAll('slack'),
    webhook: acceptAll('webhook'),
  });
  const call = async (path: string, payload: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url: path,
      // The product's backend: it sets email addresses.
      headers: t.server,
      payload: { ...payload, timestamp: new Date(t.clock.now()).toISOString() },
    });
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
  };
  return {
    t,
    worker,
    templatesDir,
    track: (userId, event, properties = {}) => call('/v1/track', { userId, event, properties }),
    identify: (userId, traits) => call('/v1/identify', { userId, traits }),
    async close() {
      await worker.stop();
      await t.app.close();
      await removeTemplates(templatesDir);
    },
  };
}

/** The hash a product's backend computes for the widget. */
export const hashOf = (userId: string) => userHash(WORKSPACE_SECRET, userId);

/** The in-app headers of a user. */
export const asUser = (userId: string) => ({
  'x-cairn-user': userId,
  'x-cairn-user-hash': hashOf(userId),
});
