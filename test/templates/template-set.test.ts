import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIssue } from '../../src/definitions/definitions-error.js';
import { parseTemplateFileName } from '../../src/templates/template-file-name.js';
import { templateSetFromFiles } from '../../src/templates/template-set.js';

const load = (files: Record<string, string>) =>
  templateSetFromFiles(Object.entries(files).map(([name, text]) => ({ name, text })));

describe('template file names', () => {
  it('read as <id>[.<persona>].<kind>.liquid', () => {
    assert.deepEqual(parseTemplateFileName('welcome.mjml.liquid'), {
      id: 'welcome',
      persona: null,
      kind: 'email',
    });
    assert.deepEqual(parseTemplateFileName('welcome.technical.mjml.liquid'), {
      id: 'welcome',
      persona: 'technical',
      kind: 'email',
    });
    assert.deepEqual(parseTemplateFileName('next_tip.inapp.liquid'), {
      id: 'next_tip',
      persona: null,
      kind: 'inapp',
    });
    assert.deepEqual(parseTemplateFileName('csm_alert.text.liquid'), {
      id: 'csm_alert',
      persona: null,
      kind: 'text',
    });
    for (const bad of [
      'Welcome.mjml.liquid',
      'welcome.liquid',
      'welcome.html.liquid',
      'a.b.c.mjml.liquid',
      'we-lcome.mjml.liquid',
    ]) {
      assert.equal(parseTemplateFileName(bad), null, bad);
    }
  });
});

describe('template front-matter', () => {
  it('takes values verbatim, so Liquid needs no quoting; quotes around a value are removed', () => {
    const { set, issues } = load({
      'w.mjml.liquid': [
        '---',
        '# the activation email',
        'subject: {{ user.first_name }}, welcome: here is "why"',
        "preheader: '  padded  '",
        'category: transactional',
        '---',
        '<p>Body</p>',
      ].join('\n'),
    });
    assert.deepEqual(issues, []);
    const { base } = set.templates[0];
    assert.deepEqual(base.fields.subject, {
      file: 'templates/w.mjml.liquid',
      path: 'subject',
      source: '{{ user.first_name }}, welcome: here is "why"',
      line: 3,
      column: 10,
    });
    assert.equal(base.fields.preheader.source, '  padded  ');
    assert.equal(base.fields.preheader.column, 13);
    assert.deepEqual(base.settings, {
      category: 'transactional',
      topic: null,
      layout: 'default',
      format: 'plain',
    });
    assert.deepEqual([base.source.body.source, base.source.body.line], ['<p>Body</p>', 7]);
  });

  it('reports unknown keys, bad values, duplicates and an unclosed block at their lines', () => {
    const { issues } = load({
      'a.mjml.liquid':
        '---\nsubjet: Hi\ncategory: promo\nsubject: A\nsubject: B\nnot a pair\n---\nx',
      'b.inapp.liquid': '---\ntitle: T\ncta_label: Go\n---\nx',
      'c.text.liquid': '---\nformat: plain\n',
    });
    assert.deepEqual(issues.map(formatIssue), [
      'templates/a.mjml.liquid:2:1 subjet: unknown key; allowed keys: subject, preheader, category, topic, layout',
      'templates/a.mjml.liquid:3:11 category: expected marketing or transactional, not "promo"',
      'templates/a.mjml.liquid:5:1 subject: this key is given twice',
      'templates/a.mjml.liquid:6:1 expected `key: value`',
      'templates/c.text.liquid:1:1 the front-matter is not closed: expected a line with ---',
      'templates/b.inapp.liquid:3:1 cta_label: cta_label and cta_url go together',
    ]);
  });

  it('makes persona variants inherit the settings and fields they leave out', () => {
    const { set, issues } = load({
      'w.mjml.liquid': '---\nsubject: Base\npreheader: Pre\ntopic: tips\n---\nbase',
      'w.technical.mjml.liquid': '---\nsubject: Tech\n---\ntech',
      'orphan.business.mjml.liquid': '---\nsubject: S\n---\nx',
      'layouts/brand.mjml.liquid': '<mjml><mj-body>{{ content_for_layout }}</mj-body></mjml>',
      'uses_missing_layout.mjml.liquid': '---\nsubject: S\nlayout: fancy\n---\nx',
      'README.md': 'not a template',
    });
    assert.deepEqual(issues.map(formatIssue), [
      'templates/orphan.business.mjml.liquid:1:1 a persona variant needs its base templates/orphan.mjml.liquid',
      'templates/uses_missing_layout.mjml.liquid:3:9 layout: no layout fancy: expected templates/layouts/fancy.mjml.liquid',
    ]);
    const family = set.templates.find((t) => t.id === 'w');
    const variant = family?.variants.get('technical');
    assert.equal(variant?.fields.subject.source, 'Tech');
    assert.equal(variant?.fields.preheader.source, 'Pre');
    assert.equal(variant?.settings.topic, 'tips');
    assert.deepEqual([...set.layouts.keys()], ['brand']);
  });
});
