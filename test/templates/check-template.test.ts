import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatIssue } from '../../src/definitions/definitions-error.js';
import { checkTemplates } from '../../src/templates/check-template.js';
import { renderContextShape } from '../../src/templates/render-context-shape.js';
import { templateSet } from '../../src/templates/template-set.js';
import { validateTemplates } from '../../src/templates/validate-templates.js';
import { removeTemplates, WELCOME, writeTemplates } from './template-fixtures.js';

const vocabulary = {
  userTraits: ['first_name', 'email', 'role'],
  accountTraits: ['name', 'seats'],
  events: ['Report Created'],
  eventProperties: ['source', 'tables'],
  milestones: ['source_connected', 'report_created'],
  questions: ['role', 'urgency'],
  personaDimensions: ['path'],
};
const shape = renderContextShape(vocabulary);

function check(name: string, text: string, options = {}) {
  return checkTemplates(templateSet([{ name, text }]), shape, options).map(formatIssue);
}

describe('checking templates against the declared variables', () => {
  it('reports an unknown variable at its file, line and column', () => {
    const text = '---\nsubject: Welcome\n---\n<p>Hi {{ user.frist_name }},</p>\n';
    assert.deepEqual(check('welcome.mjml.liquid', text), [
      'templates/welcome.mjml.liquid:4:10 unknown variable user.frist_name',
    ]);
  });

  it('reports variables in front-matter fields at their own line', () => {
    const text = '---\nsubject: Hi {{ user.first_name }} from {{ acount.name }}\n---\nx';
    assert.deepEqual(check('welcome.mjml.liquid', text), [
      'templates/welcome.mjml.liquid:2:43 subject: unknown variable acount',
    ]);
  });

  it('accepts what the workspace declares, local variables and Liquid’s own properties', () => {
    const text = [
      '---',
      'subject: Hi',
      '---',
      '{{ user.first_name }} {{ user.traits.role }} {{ user.counters["Report Created"].count }}',
      '{{ user.counters[event.name].count }} {{ account.seats }} {{ event.properties.source }}',
      '{% if milestones.report_created.reached %}{{ milestones.report_created.reached_at | date: "%b %d" }}{% endif %}',
      '{% assign next = milestones.source_connected %}{{ next.reached }}',
      '{% for m in milestones %}{{ m[0] }} {{ forloop.index }}{% endfor %} {{ persona.path }} {{ score }}',
      '{{ stage.lifecycle }} {{ links.unsubscribe }} {{ message.subject }} {{ user.first_name.size }}',
      '{% if answers.role == "technical" %}{{ answers.urgency }}{% endif %}',
    ].join('\n');
    assert.deepEqual(check('all.mjml.liquid', text), []);
  });

  it('names each wrong segment, whatever its depth', () => {
    const text = [
      '{{ user.counters["Report Shared"].count }}',
      '{{ milestones.report_sahred.reached }}',
      '{{ event.properties.sorce }}',
      '{{ persona.role }}',
      '{{ stage.lifecycle.name }}',
      '{{ links.unsubscribe_url }}',
      '{{ message.subject }}',
      '{{ answers.rol }}',
    ].join('\n');
    assert.deepEqual(check('note.text.liquid', text), [
      'templates/note.text.liquid:1:4 unknown variable user.counters["Report Shared"]',
      'templates/note.text.liquid:2:4 unknown variable milestones.report_sahred',
      'templates/note.text.liquid:3:4 unknown variable event.properties.sorce',
      'templates/note.text.liquid:4:4 unknown variable persona.role',
      'templates/note.text.liquid:5:4 unknown variable stage.lifecycle.name',
      'templates/note.text.liquid:6:4 unknown variable links.unsubscribe_url',
      'templates/note.text.liquid:7:4 unknown variable message',
      'templates/note.text.liquid:8:4 unknown variable answers.rol',
    ]);
  });

  it('accepts any trait or event when the workspace declares none', () => {
    const open = renderContextShape();
    const set = templateSet([
      { name: 't.text.liquid', text: '{{ user.anything.at_all }} {{ event.properties.x }}' },
    ]);
    assert.deepEqual(checkTemplates(set, open), []);
    const typo = templateSet([{ name: 't.text.liquid', text: '{{ usr.first_name }}' }]);
    assert.deepEqual(checkTemplates(typo, open).map(formatIssue), [
      'templates/t.text.liquid:1:4 unknown variable usr',
    ]);
  });

  it('reports syntax errors and unknown filters instead of analysing', () => {
    assert.deepEqual(check('t.text.liquid', 'a\n{{ user.first_name | shout }}'), [
      'templates/t.text.liquid:2:1 unknown filter shout',
    ]);
  });

  it('reports variants and topics that cairn.yaml does not declare', () => {
    const set = templateSet([
      { name: 'w.mjml.liquid', text: '---\nsubject: S\ntopic: tips\n---\nx' },
      { name: 'w.wizard.mjml.liquid', text: '---\nsubject: S\n---\nx' },
    ]);
    assert.deepEqual(
      checkTemplates(set, shape, { personas: ['technical'], topics: ['product_news'] }).map(
        formatIssue,
      ),
      [
        'templates/w.mjml.liquid:3:8 topic: no topic named tips in cairn.yaml',
        // Reported once, where it is stated, not again in the variant that inherits it.
        'templates/w.wizard.mjml.liquid:1:1 no persona named wizard in cairn.yaml',
      ],
    );
  });
});

describe('validateTemplates', () => {
  let dir: string;
  before(async () => {
    dir = await writeTemplates({
      'welcome.mjml.liquid': WELCOME,
      'typo.mjml.liquid': '---\nsubject: Hi\n---\n<p>\n{{ user.frist_name }}</p>',
      'dropped.mjml.liquid':
        '---\nsubject: Hi\n---\n<mj-section>{{ user.first_name }}<mj-column></mj-column></mj-section>',
      'Bad-Name.mjml.liquid': 'x',
      'nosubject.mjml.liquid': '<p>x</p>',
      'layouts/plain.mjml.liquid': '<mjml><mj-body></mj-body></mjml>',
    });
  });
  after(() => removeTemplates(dir));

  it('lists every problem of a templates folder, sorted by file and line', async () => {
    const issues = await validateTemplates(dir, { shape });
    assert.deepEqual(issues.map(formatIssue), [
      'templates/Bad-Name.mjml.liquid:1:1 expected <id>[.<persona>].<mjml|inapp|text>.liquid, in snake_case',
      'templates/dropped.mjml.liquid:4:13 {{ user.first_name }} is dropped by MJML: Liquid between MJML elements goes in <mj-raw>',
      'templates/layouts/plain.mjml.liquid:1:1 a layout contains {{ content_for_layout }} exactly once',
      'templates/nosubject.mjml.liquid:1:1 missing front-matter: subject',
      'templates/typo.mjml.liquid:5:4 unknown variable user.frist_name',
    ]);
  });

  it('finds nothing wrong in a good folder', async () => {
    const good = await writeTemplates({ 'welcome.mjml.liquid': WELCOME });
    assert.deepEqual(await validateTemplates(good, { shape }), []);
    await removeTemplates(good);
  });
});
