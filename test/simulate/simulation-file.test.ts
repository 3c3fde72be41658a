import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DefinitionsError, loadDefinitions } from '../../src/definitions/index.js';
import { parseSimulation } from '../../src/simulate/load-simulation.js';
import { EXAMPLE, EXAMPLE_SIMULATION } from './sim-fixtures.js';

const text = readFileSync(EXAMPLE_SIMULATION, 'utf8');

function problems(yaml: string, withWorkspace = false) {
  return (async () => {
    const definitions = withWorkspace ? await loadDefinitions(EXAMPLE) : undefined;
    try {
      parseSimulation(yaml, 'simulation.yaml', definitions);
      return [];
    } catch (error) {
      assert.ok(error instanceof DefinitionsError, String(error));
      return error.issues.map((i) => `${i.line}:${i.path}: ${i.message}`);
    }
  })();
}

describe('the simulation file', () => {
  it("accepts the example's, against the example workspace", async () => {
    assert.deepEqual(await problems(text, true), []);
  });

  it('names the field, line and what is expected', async () => {
    const broken = text
      .replace('invite_accept: 0.75', 'invite_accept: 1.5')
      .replace('tick: 15m', 'tick: soon');
    const found = await problems(broken);
    assert.ok(
      found.some((p) => /^\d+:accounts\.invite_accept: .*1/.test(p)),
      found.join('\n'),
    );
    assert.ok(
      found.some((p) => /^\d+:tick: expected a duration/.test(p)),
      found.join('\n'),
    );
  });

  it('refuses unknown keys, time zones, journeys and answers the workspace does not have', async () => {
    const unknown = text.replace('slow_start: 0.12', 'slow_start: 0.12\n  sleepy: 1');
    assert.match((await problems(unknown)).join('\n'), /people\.sleepy: unknown key "sleepy"/);
    // Checked against the workspace once the file has the right shape.
    const broken = text
      .replace('America/Chicago: 0.1', 'Mars/Olympus: 0.1')
      .replace(
        'executive_path: { effect: 0 }',
        'executive_path: { effect: 0 }\n  no_such_journey: { effect: 0.1 }',
      )
      .replace('this_week: 0.25, this_month: 0.4', 'today: 0.25, this_month: 0.4');
    const found = (await problems(broken, true)).join('\n');
    assert.match(found, /people\.time_zones\["Mars\/Olympus"\]: unknown IANA time zone/);
    assert.match(found, /journeys\.no_such_journey: no journey "no_such_journey"/);
    assert.match(found, /qualifier\.urgency\.today: "today" is not an answer/);
  });
});
