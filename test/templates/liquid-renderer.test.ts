import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { serialize } from 'node:v8';
import { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import { MjmlCompiler } from '../../src/templates/mjml-compiler.js';
import { sampleRenderContext } from '../../src/templates/sample-render-context.js';
import { TemplateError } from '../../src/templates/template-error.js';
import { templateSet } from '../../src/templates/template-set.js';
import { formatIssue } from '../../src/definitions/definitions-error.js';
import { removeTemplates, WELCOME, writeTemplates } from './template-fixtures.js';

/** The problems a failed render or compile reports, one `file:line:col message` each. */
async function problems(fn: () => unknown): Promise<string[]> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof TemplateError) return error.issues.map(formatIssue);
    throw error;
  }
  assert.fail('expected a TemplateError');
}

describe('Liquid renderer: email', () => {
  let dir: string;
  let renderer: LiquidRenderer;
  before(async () => {
    dir = await writeTemplates({
      'welcome.mjml.liquid': WELCOME,
      'welcome.technical.mjml.liquid': `---
subject: {{ user.first_name }}, your API key and the {{ event.properties.source }} connector
---
<p>Here are the API docs for {{ event.properties.source }}.</p>`,
      'welcome.executive.mjml.liquid':
        '---\nsubject: A dashboard for {{ account.name }}\n---\n<p>Dashboards</p>',
      'receipt.mjml.liquid': '---\nsubject: Receipt\ncategory: transactional\n---\n<p>Thanks</p>',
    });
    renderer = await LiquidRenderer.fromDirectory(dir);
  });
  after(() => removeTemplates(dir));

  it('renders subject, preheader, HTML and a generated text part for one recipient', () => {
    const email = renderer.renderEmail('welcome', sampleRenderContext({ persona: {} }));
    assert.equal(email.subject, 'Dana, your PostgreSQL data is in — café next?');
    assert.equal(email.preheader, 'Acme is one report away from its first insight');
    assert.deepEqual(
      [email.file, email.persona, email.category, email.topic],
      ['templates/welcome.mjml.liquid', null, 'marketing', 'onboarding'],
    );
    assert.match(email.html, /^<!doctype html>/);
    assert.match(
      email.html,
      /<title>Dana, your PostgreSQL data is in &#x2014; caf&#xe9; next\?<\/title>/,
    );
    // Non-ASCII as character references: the HTML part goes out as 7bit, nothing to encode.
    assert.doesNotMatch(email.html, /[\u0080-\uffff]/);
    assert.match(
      email.html,
      /display:none[^>]*>Acme is one report away from its first insight<\/div>/,
    );
    assert.match(email.html, /You connected <b>PostgreSQL<\/b> \(12 tables\)/);
    assert.match(email.html, /href="https:\/\/cairn\.example\.com\/l\/u\/sample">Unsubscribe<\/a>/);
    assert.equal(
      email.text,
      [
        'Acme Analytics',
        '',
        'Hi Dana,',
        '',
        'You connected PostgreSQL (12 tables). Teams at Acme usually build a first report next.',
        '',
        'Create your first report (https://app.example.com/reports/new?source=PostgreSQL)',
        '',
        'Unsubscribe (https://cairn.example.com/l/u/sample) · Email preferences (https://cairn.example.com/l/p/sample) · View in browser (https://cairn.example.com/l/v/sample)',
        '1 Main Street, Springfield',
      ].join('\n'),
    );
  });

  it('escapes values in HTML and only there', () => {
    const context = sampleRenderContext({ persona: {} });
    context.user.first_name = 'Dána 🎉 <script>"x"</script>';
    const email = renderer.renderEmail('welcome', context);
    assert.match(email.html, /Hi D&#xe1;na &#x1f389; &lt;script&gt;&#34;x&#34;&lt;\/script&gt;,/);
    assert.doesNotMatch(email.html, /<script>/);
    assert.match(email.subject, /^Dána 🎉 <script>"x"<\/script>, your/);
    assert.match(email.text, /Hi Dána 🎉 <script>"x"<\/script>,/);
  });

  it('keeps the HTML one byte per character, from a template file with a `—` in its subject', () => {
    // V8 stores a string that held such a character two bytes per character, and serialises it
    // so; the HTML must not inherit that from its pieces (see narrow-string.ts).
    const html = renderer.renderEmail('welcome', sampleRenderContext({ persona: {} })).html;
    assert.match(html, /&#x2014;/);
    assert.ok(serialize(html).length < html.length * 1.1);
  });

  it('follows the branches per recipient', () => {
    const context = sampleRenderContext({ persona: {} });
    context.milestones.report_created = { reached: true, reached_at: '2026-01-06T10:00:00.000Z' };
    const email = renderer.renderEmail('welcome', context);
    assert.match(email.text, /You already created a report: share it with a teammate\./);
    assert.doesNotMatch(email.text, /Create your first report/);
  });

  it('leaves unsubscribe links out of transactional email', () => {
    const email = renderer.renderEmail('receipt', sampleRenderContext());
    assert.equal(email.category, 'transactional');
    assert.doesNotMatch(email.html, /Unsubscribe/);
    assert.match(email.text, /View in browser/);
  });

  it('picks the variant of the first persona dimension that has one, else the base', () => {
    const technical = renderer.renderEmail(
      'welcome',
      sampleRenderContext({ persona: { path: 'technical' } }),
    );
    assert.equal(technical.file, 'templates/welcome.technical.mjml.liquid');
    assert.equal(technical.persona, 'technical');
    assert.equal(technical.subject, 'Dana, your API key and the PostgreSQL connector');
    // The variant states no preheader or topic: it inherits the base's.
    assert.equal(technical.preheader, 'Acme is one report away from its first insight');
    assert.equal(technical.topic, 'onboarding');
    const both = sampleRenderContext({ persona: { behavior: 'executive', path: 'technical' } });
    assert.equal(renderer.renderEmail('welcome', both).persona, 'executive');
    const none = renderer.renderEmail(
      'welcome',
      sampleRenderContext({ persona: { path: 'business' } }),
    );
    assert.equal(none.file, 'templates/welcome.mjml.liquid');
  });

  it('renders the same without the direct path, by liquidjs alone', async () => {
    const reference = await LiquidRenderer.fromDirectory(dir, { directPath: false });
    const contexts = [
      sampleRenderContext({ persona: {} }),
      sampleRenderContext({ persona: { path: 'technical' } }),
      sampleRenderContext({ persona: { behavior: 'executive' } }),
    ];
    contexts[0].milestones.report_created = { reached: true, reached_at: '2026-01-06T10:00:00Z' };
    for (const context of contexts) {
      for (const id of ['welcome', 'receipt']) {
        assert.deepEqual(reference.renderEmail(id, context), renderer.renderEmail(id, context));
      }
    }
  });

  it('fails, naming file and line, when a variable is missing — never an empty string', async () => {
    const context = sampleRenderContext({ persona: {} });
    delete context.account;
    assert.deepEqual(await problems(() => renderer.renderEmail('welcome', context)), [
      'templates/welcome.mjml.liquid:3:15 preheader: unknown variable account',
    ]);
    const noEvent = sampleRenderContext({ persona: {}, event: undefined });
    assert.deepEqual(await problems(() => renderer.renderEmail('welcome', noEvent)), [
      'templates/welcome.mjml.liquid:2:41 subject: unknown variable event',
    ]);
    const context2 = sampleRenderContext({ persona: {} });
    delete (context2.event as { properties: Record<string, unknown> }).properties.tables;
    assert.deepEqual(await problems(() => renderer.renderEmail('welcome', context2)), [
      'templates/welcome.mjml.liquid:7:59 unknown variable event.properties.tables',
    ]);
  });

  it('reports an unknown template id', async () => {
    assert.deepEqual(await problems(() => renderer.renderEmail('nope', sampleRenderContext())), [
      'templates/nope.mjml.liquid: no email template nope',
    ]);
  });
});

describe('Liquid renderer: compile once', () => {
  it('runs MJML once per template, whatever the number of recipients, and not again on reload', async () => {
    const files = [
      { name: 'welcome.mjml.liquid', text: WELCOME },
      { name: 'welcome.technical.mjml.liquid', text: '---\nsubject: Hi\n---\n<p>API</p>' },
    ];
    const mjml = new MjmlCompiler();
    const renderer = await LiquidRenderer.create(templateSet(files), { mjml });
    assert.equal(mjml.compiles, 2);
    for (let i = 0; i < 200; i++) {
      const context = sampleRenderContext({ persona: i % 2 ? { path: 'technical' } : {} });
      context.user.first_name = `User ${i}`;
      renderer.renderEmail('welcome', context);
    }
    assert.equal(mjml.compiles, 2);
    await LiquidRenderer.create(templateSet(files), { mjml });
    assert.equal(mjml.compiles, 2, 'an unchanged template is not compiled again');
    files[1] = {
      name: 'welcome.technical.mjml.liquid',
      text: '---\nsubject: Hi\n---\n<p>API docs</p>',
    };
    await LiquidRenderer.create(templateSet(files), { mjml });
    assert.equal(mjml.compiles, 3);
  });
});

describe('Liquid renderer: what MJML would break', () => {
  const create = (body: string, extra: Record<string, string> = {}) =>
    LiquidRenderer.create(
      templateSet([
        { name: 't.mjml.liquid', text: `---\nsubject: S\n---\n${body}` },
        ...Object.entries(extra).map(([name, text]) => ({ name, text })),
      ]),
    );

  it('reports Liquid that MJML drops between elements', async () => {
    const body =
      '<mj-section>\n  {{ user.first_name }}\n  <mj-column><mj-text>Hi</mj-text></mj-column>\n</mj-section>';
    assert.deepEqual(await problems(() => create(body)), [
      'templates/t.mjml.liquid:5:3 {{ user.first_name }} is dropped by MJML: Liquid between MJML elements goes in <mj-raw>',
    ]);
  });

  it('keeps block tags wrapped in mj-raw, with quotes and comparisons MJML could not parse raw', async () => {
    const renderer = await create(
      [
        '<mj-raw>{% if score > 50 %}</mj-raw>',
        '<mj-section><mj-column>',
        '  <mj-button href="{{ "https://app.example.com/upgrade?u=" | append: user.id }}">Upgrade</mj-button>',
        '</mj-column></mj-section>',
        '<mj-raw>{% endif %}</mj-raw>',
      ].join('\n'),
    );
    const high = renderer.renderEmail('t', sampleRenderContext({ score: 72 }));
    assert.match(high.html, /href="https:\/\/app\.example\.com\/upgrade\?u=user_42"/);
    assert.match(high.text, /Upgrade \(https:\/\/app\.example\.com\/upgrade\?u=user_42\)/);
    const low = renderer.renderEmail('t', sampleRenderContext({ score: 10 }));
    assert.doesNotMatch(low.html, /upgrade/);
  });

  it('uses a workspace layout, or none', async () => {
    const layout =
      '<mjml><mj-body><mj-section><mj-column><mj-text>BRAND {{ workspace.name }}</mj-text></mj-column></mj-section>\n{{ content_for_layout }}\n</mj-body></mjml>';
    const branded = await create('<p>Body</p>', { 'layouts/default.mjml.liquid': layout });
    assert.equal(
      branded.renderEmail('t', sampleRenderContext()).text,
      'BRAND Acme Analytics\n\nBody',
    );
    const bare = await LiquidRenderer.create(
      templateSet([
        {
          name: 'bare.mjml.liquid',
          text: '---\nsubject: S\nlayout: none\n---\n<mjml><mj-body><mj-section><mj-column><mj-text>Only {{ user.first_name }}</mj-text></mj-column></mj-section></mj-body></mjml>',
        },
      ]),
    );
    assert.equal(bare.renderEmail('bare', sampleRenderContext()).text, 'Only Dana');
  });

  it('reports syntax errors, unknown filters and partials at compile time, at their lines', async () => {
    assert.deepEqual(await problems(() => create('<p>{{ user.first_name | shout }}</p>')), [
      'templates/t.mjml.liquid:4:4 unknown filter shout',
    ]);
    assert.deepEqual(await problems(() => create('<p>\n{% if user.first_name %}</p>')), [
      'templates/t.mjml.liquid:5:1 tag {% if user.first_name %} not closed',
    ]);
    const [partial] = await problems(() => create('<p>{% include "footer" %}</p>'));
    assert.match(partial, /^templates\/t\.mjml\.liquid:4:4 .*\{% include %\} is not supported/);
  });
});

describe('Liquid renderer: in-app and text', () => {
  let renderer: LiquidRenderer;
  before(async () => {
    renderer = await LiquidRenderer.create(
      templateSet([
        {
          name: 'tip.inapp.liquid',
          text: '---\ntitle: Share {{ user.first_name }}’s report\ncta_label: Invite a teammate\ncta_url: https://app.example.com/invite?from={{ user.id }}\n---\nTeams at <b>{{ account.name }}</b> share reports.\n',
        },
        {
          name: 'bad_cta.inapp.liquid',
          text: '---\ntitle: T\ncta_label: Go\ncta_url: {{ user.website }}\n---\nx',
        },
        {
          name: 'alert.text.liquid',
          text: '---\nformat: slack\n---\n*{{ user.first_name }}* ({{ account.name }}) viewed pricing',
        },
        { name: 'plain.text.liquid', text: '{{ user.first_name }} <{{ account.name }}>' },
      ]),
    );
  });

  it('renders an in-app message: plain title, escaped HTML body, call to action', () => {
    const context = sampleRenderContext();
    context.account!.name = 'A&B';
    const message = renderer.renderInApp('tip', context);
    assert.deepEqual(
      [message.title, message.body, message.cta],
      [
        'Share Dana’s report',
        'Teams at <b>A&amp;B</b> share reports.',
        { label: 'Invite a teammate', url: 'https://app.example.com/invite?from=user_42' },
      ],
    );
  });

  it('refuses a call to action that is not a web link', async () => {
    const context = sampleRenderContext();
    context.user.website = 'javascript:alert(1)';
    const [problem] = await problems(() => renderer.renderInApp('bad_cta', context));
    assert.match(
      problem,
      /^templates\/bad_cta\.inapp\.liquid:4:10 cta_url: cta_url must be an http\(s\)/,
    );
  });

  it('escapes variables for Slack in slack-format text, not in plain text', () => {
    const context = sampleRenderContext();
    context.user.first_name = '<!channel>';
    const slack = renderer.renderText('alert', context);
    assert.deepEqual(
      [slack.text, slack.format],
      ['*&lt;!channel&gt;* (Acme) viewed pricing', 'slack'],
    );
    assert.equal(renderer.renderText('plain', context).text, '<!channel> <Acme>');
  });
});
