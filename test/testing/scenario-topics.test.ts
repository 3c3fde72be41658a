import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadDefinitions, parseDefinitions } from '../../src/definitions/index.js';
import { formatScenarioResult, runScenario } from '../../src/testing/index.js';
import { scenarioTemplates } from '../../src/testing/scenario-templates.js';
import { removeTemplates, writeTemplates } from '../templates/template-fixtures.js';

const YAML = `
topics:
  product_tips: {}
journeys:
  tips:
    trigger: { event: Tip Due }
    entry: every_time
    steps:
      - { id: tip, send: tip }
`;

const SCENARIO = `
name: a topic from the template
steps:
  - { at: 0h, track: Tip Due }
  - { at: 1h, expect: { sent: [tip] } }
  - { at: 2h, unsubscribe: product_tips }
  - { at: 3h, track: Tip Due }
  - { at: 4h, expect: { suppressed: [tip], not_sent: [tip] } }
`;

describe('scenarios and template topics', () => {
  it('a send step without a topic takes its template’s, as the delivery worker does', async () => {
    const templates = await writeTemplates({
      'tip.mjml.liquid': '---\nsubject: Tip\ntopic: product_tips\n---\n<p>Tip</p>\n',
    });
    const file = join(templates, '..', 'cairn.yaml');
    try {
      await writeFile(file, YAML);
      const result = runScenario(
        await loadDefinitions(file),
        SCENARIO,
        'tests/topics.yaml',
        await scenarioTemplates(file),
      );
      assert.ok(result.passed, formatScenarioResult(result));
    } finally {
      await removeTemplates(templates);
    }
  });

  it('without the templates, a step without a topic is marketing in general', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-no-templates-'));
    try {
      const templates = await scenarioTemplates(join(dir, 'cairn.yaml'));
      assert.equal(templates.topic('email', 'tip'), null);
      const result = runScenario(parseDefinitions(YAML), SCENARIO, 'tests/topics.yaml', templates);
      assert.equal(result.passed, false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
