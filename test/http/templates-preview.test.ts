import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { LINK_ROUTES } from '../../src/consent/link-routes.js';
import { verifyToken } from '../../src/consent/signed-token.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import type { PreviewSource } from '../../src/runtime/delivery/template-preview.js';
import { checkWorkspaceTemplates } from '../../src/runtime/validate-workspace.js';
import type { Store } from '../../src/store/store.js';
import { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import { testApp, WORKSPACE_SECRET, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const CONFIG = 'examples/saas/cairn.yaml';

function previewSource(renderer: LiquidRenderer): PreviewSource {
  return {
    renderer,
    links: {
      baseUrl: 'https://cairn.test',
      workspaceSecret: WORKSPACE_SECRET,
      unsubscribeMailbox: 'unsubscribe@mail.test',
    },
    workspaceName: 'Tasklane',
  };
}

forEachStore('POST /api/templates/:id/preview', (getStore: () => Store) => {
  let definitions: LoadedDefinitions;
  let t: TestApp;
  const preview = (id: string, payload: object = {}, headers = t.admin) =>
    t.app.inject({ method: 'POST', url: `/api/templates/${id}/preview`, payload, headers });

  before(async () => {
    definitions = await loadDefinitions(CONFIG);
    const { renderer } = await checkWorkspaceTemplates(CONFIG, definitions);
    t = await testApp(getStore(), { definitions, templates: previewSource(renderer!) });
    const batch = [
      { type: 'group', userId: 'ivy', groupId: 'acme', traits: { name: 'Acme', seats: 40 } },
      { type: 'identify', userId: 'ivy', traits: { email: 'ivy@acme.example', first_name: 'Ivy' } },
      // Her first project starts the individual journey: the queued message quotes it.
      {
        type: 'track',
        userId: 'ivy',
        event: 'Project Created',
        properties: { name: 'Website redesign' },
      },
      { type: 'track', userId: 'ivy', event: 'Task Created' },
      { type: 'identify', userId: 'tom', traits: { email: 'tom@acme.example', role: 'technical' } },
      // Rex answers the qualifier with events, not traits.
      { type: 'identify', userId: 'rex', traits: { email: 'rex@acme.example' } },
      ...[
        ['role', 'executive'],
        ['challenge', 'strategic_oversight'],
      ].map(([question, answer]) => ({
        type: 'track',
        userId: 'rex',
        event: 'Qualifier Answered',
        properties: { question, answer },
      })),
    ];
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: { batch },
      // The product's backend: it sets email addresses.
      headers: t.server,
    });
    assert.equal(res.statusCode, 200, res.body);
    // A later project: her latest event, but not what the first email was about.
    const later = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      payload: { userId: 'ivy', event: 'Project Created', properties: { name: 'Q3 launch' } },
      headers: t.sdk,
    });
    assert.equal(later.statusCode, 200, later.body);
  });
  after(async () => {
    await t.app.close();
  });

  it('renders an email with sample data shaped like the workspace', async () => {
    const res = await preview('project_breakdown_tips');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.kind, 'email');
    assert.equal(body.user, null);
    assert.equal(body.file, 'templates/project_breakdown_tips.mjml.liquid');
    assert.equal(body.category, 'marketing');
    assert.equal(body.topic, 'product_tips');
    assert.equal(body.subject, 'Your first project: how teams break it into tasks');
    assert.match(body.html, /^<!doctype html>/);
    assert.match(body.text, /I noticed you created your first project\./);
    assert.equal(body.context.journey.id, 'individual_first_project');
    assert.equal(body.context.event.name, 'Project Created');
  });

  it('merges `data` over the variables', async () => {
    const res = await preview('project_breakdown_tips', {
      data: { event: { properties: { name: 'Website redesign' } }, user: { first_name: 'Kai' } },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(
      res.json().subject,
      'Your project “Website redesign”: how teams break it into tasks',
    );
    assert.match(res.json().text, /^Tasklane\n\nHi Kai,/);
  });

  it("renders with a user's data: the trigger of the message they got, else of the run that sends it", async () => {
    const sent = (await preview('project_breakdown_tips', { userId: 'ivy' })).json();
    assert.equal(sent.user, 'ivy');
    assert.equal(sent.subject, 'Your project “Website redesign”: how teams break it into tasks');
    assert.match(sent.text, /^Tasklane\n\nHi Ivy,/);
    assert.match(sent.text, /You have 1 task so far/);
    assert.equal(sent.context.account.name, 'Acme');
    assert.match(sent.html, /href="https:\/\/cairn\.test\/[^"]+">Unsubscribe</);
    // Signed for her, for the topic the message belongs to (the template's: the step has none).
    const token = sent.context.links.unsubscribe.slice(
      `https://cairn.test${LINK_ROUTES.unsubscribe}`.length,
    );
    const check = verifyToken(WORKSPACE_SECRET, token, 'message', Date.now());
    assert.ok(check.ok);
    assert.equal(check.claims.userId, 'ivy');
    assert.equal(check.claims.topic, 'product_tips');

    assert.equal(sent.eventSource.from, 'message');

    // Not sent yet (the journey waits two days): the run's trigger is quoted, as the dispatcher
    // will, not her latest project.
    const next = (await preview('personal_productivity_tips', { userId: 'ivy' })).json();
    assert.match(next.subject, /in “Website redesign”: three habits/);
    assert.equal(next.eventSource.from, 'run');
    assert.equal(next.eventSource.journeyId, 'individual_first_project');
    assert.equal(next.eventSource.event, 'Project Created');
  });

  it("picks the user's persona variant", async () => {
    const res = await preview('welcome', { userId: 'tom' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().file, 'templates/welcome.technical.mjml.liquid');
    assert.equal(res.json().persona, 'technical');
    assert.equal(res.json().category, 'transactional');
  });

  it('gives templates the qualifier answers sent as events, as `answers`', async () => {
    const res = await preview('welcome', { userId: 'rex' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.file, 'templates/welcome.executive.mjml.liquid');
    assert.deepEqual(body.context.answers, { role: 'executive', challenge: 'strategic_oversight' });
    assert.equal(body.context.user.challenge, undefined);
    assert.match(body.text, /You told us oversight is what you need\./);

    // Traits are answers too; a question not answered is absent.
    const tom = (await preview('welcome', { userId: 'tom' })).json();
    assert.deepEqual(tom.context.answers, { role: 'technical' });
    assert.doesNotMatch(tom.text, /it has to work this week/);
  });

  it('renders in-app and Slack templates', async () => {
    const inapp = (
      await preview('collaboration_tip_inapp', {
        data: { event: { properties: { name: 'Weekly revenue' } } },
      })
    ).json();
    assert.equal(inapp.kind, 'inapp');
    assert.equal(inapp.title, 'Share “Weekly revenue” with one teammate');
    assert.deepEqual(inapp.cta, {
      label: 'Share it now',
      url: 'https://app.tasklane.example/reports?share=latest',
    });
    assert.match(inapp.body, /^<p>It takes ten seconds/);

    const slack = (
      await preview('csm_high_intent_alert', { data: { account: { csm: 'sam' } } })
    ).json();
    assert.equal(slack.kind, 'text');
    assert.equal(slack.format, 'slack');
    assert.match(
      slack.text,
      /^Dana \(Acme, 40 seats\) viewed pricing 3× in two weeks, score 72, still on trial — owner: @sam\n/,
    );
  });

  it('answers 404 for an unknown template, kind or user', async () => {
    const unknown = await preview('no_such_template');
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(unknown.json().error, {
      code: 'not_found',
      message: 'template no_such_template not found',
    });
    const kind = await preview('project_breakdown_tips', { kind: 'inapp' });
    assert.equal(kind.statusCode, 404);
    assert.equal(kind.json().error.message, 'inapp template project_breakdown_tips not found');
    const user = await preview('project_breakdown_tips', { userId: 'nobody' });
    assert.equal(user.statusCode, 404);
    assert.equal(user.json().error.message, 'user nobody not found');
  });

  it('answers 400 for a body it cannot use, 401 without the admin key', async () => {
    const bad = await preview('project_breakdown_tips', {
      userId: 42,
      data: [],
      kind: 'sms',
      extra: 1,
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().error.fields.map((f: { field: string }) => f.field),
      ['userId', 'data', 'kind', 'extra'],
    );
    assert.equal((await preview('project_breakdown_tips', {}, {})).statusCode, 401);
  });

  it('answers 400 with file, line and column when a variable is missing (never an empty string)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-preview-'));
    try {
      mkdirSync(join(dir, 'templates'));
      writeFileSync(
        join(dir, 'templates', 'project_tips.mjml.liquid'),
        '---\nsubject: Tips for your project\n---\n<p>Hi {{ user.first_name }},</p>\n<p>About {{ event.properties.project }}.</p>\n',
      );
      const renderer = await LiquidRenderer.fromDirectory(join(dir, 'templates'));
      const strict = await testApp(getStore(), { definitions, templates: previewSource(renderer) });
      try {
        const res = await strict.app.inject({
          method: 'POST',
          url: '/api/templates/project_tips/preview',
          payload: {},
          headers: strict.admin,
        });
        assert.equal(res.statusCode, 400);
        assert.deepEqual(res.json().error, {
          code: 'render_error',
          message:
            'templates/project_tips.mjml.liquid:5:13 unknown variable event.properties.project',
          fields: [
            {
              field: 'templates/project_tips.mjml.liquid:5:13',
              message: 'unknown variable event.properties.project',
            },
          ],
        });
      } finally {
        await strict.app.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
