import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DefinitionsError, loadDefinitions } from '../../src/definitions/index.js';

describe('the example workspace (examples/saas/cairn.yaml)', () => {
  it('validates cleanly', async () => {
    const loaded = await loadDefinitions('examples/saas/cairn.yaml');
    const { definitions } = loaded;
    assert.equal(loaded.file, 'examples/saas/cairn.yaml');
    assert.match(loaded.version, /^[0-9a-f]{16}$/);
    // P1
    assert.deepEqual(definitions.activation?.milestones, [
      'data_source_connected',
      'first_report_created',
      'report_shared',
    ]);
    assert.equal(definitions.activation?.within, 7 * 86_400_000);
    // P2
    assert.deepEqual(
      definitions.personas.behavior?.rules.map((rule) => rule.persona),
      ['evaluator', 'enthusiast', 'administrator', 'team_lead', 'individual'],
    );
    assert.ok(definitions.segments.high_intent);
    assert.equal(definitions.milestones.pricing_viewed_twice?.times, 2);
    // P3
    assert.deepEqual(Object.keys(definitions.qualifier?.questions ?? {}), [
      'role',
      'challenge',
      'urgency',
    ]);
    assert.deepEqual(
      definitions.personas.path?.rules.map((rule) => rule.persona),
      ['technical', 'executive', 'business'],
    );
    // P4
    assert.deepEqual(
      definitions.engagement?.map((rule) => rule.stage),
      ['expand', 'optimize', 'reinforce', 'implement'],
    );
    // P5
    assert.ok(
      definitions.segments.meaningful_first_48h && definitions.segments.no_meaningful_action_48h,
    );
  });

  it('a missing file is a clear error', async () => {
    await assert.rejects(loadDefinitions('examples/nope/cairn.yaml'), (error: unknown) => {
      assert.ok(error instanceof DefinitionsError);
      assert.equal(error.message, 'examples/nope/cairn.yaml: cannot read: file not found');
      return true;
    });
  });
});
