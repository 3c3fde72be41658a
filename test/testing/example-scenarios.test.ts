import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatScenarioResult, runWorkspaceScenarios } from '../../src/testing/index.js';

describe('the example workspace scenarios (examples/saas/tests)', async () => {
  const results = await runWorkspaceScenarios('examples/saas/cairn.yaml');

  it('cover P1, P2 and P3', () => {
    const names = results.map((r) => r.name).join('\n');
    for (const playbook of ['P1', 'P2', 'P3'])
      assert.match(names, new RegExp(`^${playbook} `, 'm'));
  });

  for (const result of results)
    it(result.name, () => {
      assert.ok(result.expectations.length > 0, 'a scenario checks something');
      assert.ok(result.passed, formatScenarioResult(result));
    });
});
