import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatIssue } from '../../src/definitions/index.js';
import { validateWorkspace } from '../../src/runtime/validate-workspace.js';
import { cliCommand } from '../support/cairn-process.js';

const CAIRN_YAML = `name: Acme Analytics
milestones:
  report_created: { event: Report Created }
  report_shared: { event: Report Shared }
personas:
  path:
    rules:
      - persona: technical
        when: { trait: role, equals: technical }
topics:
  onboarding: { name: Getting started }
journeys:
  welcome:
    trigger: { event: Signed Up }
    steps:
      - id: hello
        send: { template: welcome, transactional: true }
      - { id: tip, send: { channel: inapp, template: report_tip } }
      - { id: typo, send: welcom }
      - { id: wrong_channel, send: { channel: inapp, template: first_report } }
      - { id: alert, notify: { channel: slack, template: sales_alert } }
  first_report:
    trigger: { milestone: report_created }
    steps:
      - { id: celebrate, send: first_report }
`;

/** A templates folder with the mistakes people make, one or two per file. */
const TEMPLATES: Record<string, string> = {
  // Marketing by default, but the step sends it as transactional; a misspelt variable.
  'welcome.mjml.liquid':
    '---\nsubject: Welcome to {{ workspace.name }}\n---\n<p>Hi {{ user.first_name | default: "there" }}, {{ acount.name }} is ready.</p>\n',
  // A filter that does not exist, a counter of an event cairn.yaml never names, a misspelt
  // milestone and persona dimension.
  'first_report.mjml.liquid': [
    '---',
    'subject: {{ event.properties.name | capitalise }} is live',
    'topic: onboarding',
    '---',
    '<p>{{ user.counters["Report Crated"].count }} reports.</p>',
    '{% if milestones.report_shraed.reached %}<p>Shared</p>{% endif %}',
    '<p>Path: {{ persona.paht }}</p>',
    '',
  ].join('\n'),
  // A button label without its link; a misspelt topic.
  'report_tip.inapp.liquid':
    '---\ntitle: Share your report\ncta_label: Share\ntopic: onboardng\n---\n<p>Share it.</p>\n',
  'sales_alert.text.liquid': '---\nformat: markdown\n---\n{{ user.email }} is hot\n',
  // A variant for a persona cairn.yaml does not define, and one without its base.
  'welcome.engineer.mjml.liquid': '---\nsubject: Welcome, engineer\n---\n<p>Hi</p>\n',
  'digest.technical.mjml.liquid': '---\nsubject: Digest\n---\n<p>Hi</p>\n',
  'Weekly-Digest.mjml.liquid': '---\nsubject: Digest\n---\n<p>Hi</p>\n',
  // A misspelt key (so no subject) and an `if` never closed.
  'broken.mjml.liquid':
    '---\nsubjet: Oops\n---\n<p>{% if user.first_name %}Hi {{ user.first_name }}</p>\n',
  // A tag between MJML elements: MJML would drop it.
  'dropped.mjml.liquid':
    '---\nsubject: Dropped\n---\n<mj-section>\n  {% if score %}\n  <mj-column><mj-text>High score</mj-text></mj-column>\n  {% endif %}\n</mj-section>\n',
  'branded.mjml.liquid': '---\nsubject: Branded\nlayout: brand\ncategory: promo\n---\n<p>Hi</p>\n',
  'unclosed.mjml.liquid': '---\nsubject: Never closed\n<p>Hi</p>\n',
};

function workspace(templates: Record<string, string> | null, yaml = CAIRN_YAML): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-validate-'));
  writeFileSync(join(dir, 'cairn.yaml'), yaml);
  for (const [name, text] of Object.entries(templates ?? {})) {
    mkdirSync(dirname(join(dir, 'templates', name)), { recursive: true });
    writeFileSync(join(dir, 'templates', name), text);
  }
  return dir;
}

describe('cairn validate: definitions and the templates beside them', () => {
  const dirs: string[] = [];
  const make = (templates: Record<string, string> | null, yaml?: string) => {
    const dir = workspace(templates, yaml);
    dirs.push(dir);
    return dir;
  };
  const problems = async (dir: string) =>
    (await validateWorkspace(join(dir, 'cairn.yaml'))).issues.map((i) =>
      formatIssue(i).replace(`${dir}/`, ''),
    );
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('lists every mistake at its file, line and column', async () => {
    assert.deepEqual(
      await problems(make(TEMPLATES)),
      [
        'cairn.yaml:17:51 journeys.welcome.steps[0].send.transactional: the step is transactional, but templates/welcome.mjml.liquid is marketing (unsubscribe links, consent): add category: transactional to its front-matter',
        'cairn.yaml:19:27 journeys.welcome.steps[2].send.template: no email template welcom: expected DIR/templates/welcom.mjml.liquid; did you mean welcome?',
        'cairn.yaml:20:64 journeys.welcome.steps[3].send.template: no inapp template first_report: expected DIR/templates/first_report.inapp.liquid; DIR/templates/first_report.mjml.liquid is an email, not for the inapp channel',
        'templates/Weekly-Digest.mjml.liquid:1:1 expected <id>[.<persona>].<mjml|inapp|text>.liquid, in snake_case',
        'templates/branded.mjml.liquid:3:9 layout: no layout brand: expected templates/layouts/brand.mjml.liquid',
        'templates/branded.mjml.liquid:4:11 category: expected marketing or transactional, not "promo"',
        'templates/broken.mjml.liquid:1:1 missing front-matter: subject',
        'templates/broken.mjml.liquid:2:1 subjet: unknown key; allowed keys: subject, preheader, category, topic, layout',
        'templates/broken.mjml.liquid:4:4 tag {% if user.first_name %} not closed',
        'templates/digest.technical.mjml.liquid:1:1 a persona variant needs its base templates/digest.mjml.liquid',
        'templates/dropped.mjml.liquid:5:3 {% if score %} is dropped by MJML: Liquid between MJML elements goes in <mj-raw>',
        'templates/dropped.mjml.liquid:7:3 {% endif %} is dropped by MJML: Liquid between MJML elements goes in <mj-raw>',
        'templates/first_report.mjml.liquid:2:10 subject: unknown filter capitalise',
        'templates/first_report.mjml.liquid:5:7 unknown variable user.counters["Report Crated"]',
        'templates/first_report.mjml.liquid:6:7 unknown variable milestones.report_shraed',
        'templates/first_report.mjml.liquid:7:13 unknown variable persona.paht',
        'templates/report_tip.inapp.liquid:3:1 cta_label: cta_label and cta_url go together',
        'templates/report_tip.inapp.liquid:4:8 topic: no topic named onboardng in cairn.yaml',
        'templates/sales_alert.text.liquid:2:9 format: expected plain or slack, not "markdown"',
        'templates/unclosed.mjml.liquid:1:1 the front-matter is not closed: expected a line with ---',
        'templates/unclosed.mjml.liquid:3:1 expected `key: value`',
        'templates/welcome.engineer.mjml.liquid:1:1 no persona named engineer in cairn.yaml',
        'templates/welcome.mjml.liquid:4:52 unknown variable acount',
      ].map((line) => line.replaceAll('DIR/', dirs.at(-1)! + '/')),
    );
  });

  it('passes a workspace whose journeys all have their templates', async () => {
    const dir = make({
      'welcome.mjml.liquid':
        '---\nsubject: Welcome to {{ workspace.name }}\ncategory: transactional\n---\n<p>Hi {{ user.first_name | default: "there" }}</p>\n',
      'welcome.technical.mjml.liquid': '---\nsubject: Your API key\n---\n<p>Hi</p>\n',
      'welcom.mjml.liquid': '---\nsubject: Hi\n---\n<p>Hi</p>\n',
      'report_tip.inapp.liquid':
        '---\ntitle: Share {{ event.properties.name | default: "it" }}\ncta_label: Share\ncta_url: /reports\ntopic: onboarding\n---\n<p>{{ user.counters["Report Created"].count }}</p>\n',
      'first_report.inapp.liquid': '---\ntitle: Nice\n---\n<p>Nice</p>\n',
      'first_report.mjml.liquid':
        '---\nsubject: Nice\n---\n{% if milestones.report_shared.reached %}<p>{{ persona.path }}</p>{% endif %}\n',
      'sales_alert.text.liquid': '---\nformat: slack\n---\n{{ user.email }} is hot\n',
    });
    const result = await validateWorkspace(join(dir, 'cairn.yaml'));
    assert.deepEqual(result.issues, []);
    assert.equal(result.templates, 7);
    assert.ok(result.renderer?.has('email', 'welcome'));
  });

  it('still checks the templates when cairn.yaml does not load', async () => {
    const dir = make(
      { 'welcome.mjml.liquid': '---\nsubject: Hi {{ user.first_name }}\n---\n{{ acount.name }}\n' },
      'milestones:\n  report_created: { evnt: Report Created }\n',
    );
    assert.deepEqual(await problems(dir), [
      'cairn.yaml:2:3 milestones.report_created.event: missing (expected an event name)',
      'cairn.yaml:2:21 milestones.report_created.evnt: unknown key "evnt"; did you mean "event"?',
      'templates/welcome.mjml.liquid:4:4 unknown variable acount',
    ]);
  });

  it('names every template a journey needs when there is no templates folder', async () => {
    const dir = make(null);
    const found = await problems(dir);
    assert.equal(found.length, 6);
    assert.match(
      found[0],
      /^cairn\.yaml:17:27 journeys\.welcome\.steps\[0\]\.send\.template: no email template welcome:/,
    );
    assert.match(
      found[5],
      /^cairn\.yaml:25:32 journeys\.first_report\.steps\[0\]\.send\.template: no email template first_report/,
    );
  });

  it('prints the problems and exits 1, or a summary and 0 (CLI)', () => {
    const dir = make(TEMPLATES);
    const broken = spawnSync(
      process.execPath,
      [...cliCommand(), 'validate', join(dir, 'cairn.yaml')],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(broken.status, 1);
    const lines = broken.stderr.trim().split('\n');
    assert.equal(lines.length, 24);
    assert.ok(lines.includes(`${dir}/templates/welcome.mjml.liquid:4:52 unknown variable acount`));
    assert.equal(lines.at(-1), `23 problem(s) in ${dir}/cairn.yaml and its templates`);

    const ok = spawnSync(
      process.execPath,
      [...cliCommand(), 'validate', 'examples/saas/cairn.yaml'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(
      ok.stdout,
      /^examples\/saas\/cairn\.yaml: valid \(version [0-9a-f]+\): 11 milestones, 8 personas, \d+ segments, \d+ journeys, \d+ templates in examples\/saas\/templates\n$/,
    );
  });
});
