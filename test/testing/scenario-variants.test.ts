import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { formatScenarioResult, runScenario } from '../../src/testing/index.js';
import { scenarioTemplates, type ScenarioTemplates } from '../../src/testing/scenario-templates.js';
import { removeTemplates, writeTemplates } from '../templates/template-fixtures.js';

const YAML = `
personas:
  path:
    rules:
      - { persona: technical, when: { trait: role, equals: technical } }
      - { persona: business, when: { trait: role, equals: business } }
journeys:
  welcome:
    trigger: { event: Signed Up }
    steps:
      - { id: hello, send: { template: welcome, transactional: true } }
`;

const TEMPLATES = {
  'welcome.mjml.liquid': '---\nsubject: Welcome\ncategory: transactional\n---\n<p>Hi</p>\n',
  'welcome.technical.mjml.liquid': '---\nsubject: Your API key\n---\n<p>Hi</p>\n',
};

describe('scenarios and persona variants', () => {
  let dir: string;
  let definitions: LoadedDefinitions;
  let templates: ScenarioTemplates;
  const run = (steps: string) =>
    runScenario(definitions, `name: variants\nsteps:\n${steps}`, 'tests/variants.yaml', templates);

  before(async () => {
    dir = await writeTemplates(TEMPLATES);
    const file = join(dir, '..', 'cairn.yaml');
    await writeFile(file, YAML);
    definitions = await loadDefinitions(file);
    templates = await scenarioTemplates(file);
  });
  after(() => removeTemplates(dir));

  it('picks the variant of the first persona that has one, as the renderer does', () => {
    assert.equal(templates.variant('email', 'welcome', { path: 'technical' }), 'technical');
    assert.equal(templates.variant('email', 'welcome', { path: 'business' }), null);
    assert.equal(templates.variant('email', 'welcome', { a: null, b: 'technical' }), 'technical');
    assert.equal(templates.variant('inapp', 'welcome', { path: 'technical' }), null);
  });

  it('`sent` names a variant as <template>.<persona>; a bare id matches any variant', () => {
    const result = run(`
  - { at: 0h, user: tom, identify: { role: technical } }
  - { at: 0h, user: tom, track: Signed Up }
  - { at: 0h, user: tom, expect: { sent: [welcome.technical] } }
  - { at: 0h, user: bea, identify: { role: business } }
  - { at: 0h, user: bea, track: Signed Up }
  - { at: 0h, user: bea, expect: { sent: [welcome], not_sent: [welcome.technical] } }
`);
    assert.ok(result.passed, formatScenarioResult(result));
    assert.deepEqual(
      result.messages.map((m) => [m.userId, m.template, m.persona]),
      [
        ['tom', 'welcome', 'technical'],
        ['bea', 'welcome', null],
      ],
    );
  });

  it('fails with the variant that was rendered', () => {
    const result = run(`
  - { at: 0h, track: Signed Up }
  - { at: 0h, expect: { sent: [welcome.technical] } }
  - { at: 1h, user: tom, identify: { role: technical } }
  - { at: 1h, user: tom, track: Signed Up }
  - { at: 1h, user: tom, expect: { not_sent: [welcome.technical] } }
`);
    assert.equal(result.passed, false);
    assert.deepEqual(
      result.expectations.map((e) => e.message),
      [
        'expected [welcome.technical], got [welcome]',
        'expected not sent, but sent: [welcome.technical]',
      ],
    );
  });

  it('refuses a list entry that is not a template id with an optional persona', () => {
    assert.throws(
      () => run(`  - { at: 0h, expect: { sent: [welcome.technical.extra] } }\n`),
      /expected a template id in snake_case, optionally with a persona/,
    );
  });
});
