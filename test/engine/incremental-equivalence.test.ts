import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { JsonObject } from '../../src/core/types.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { applyState, type StateInput } from '../../src/engine/state/index.js';
import { BARE, SYNTHETIC, run } from './random-history.js';

/**
 * The engine evaluates only the rule owners an event can affect (and those whose recheck time
 * has come); everything else keeps its previous answer and times. That must never show: at every
 * step of random histories, the incremental run and a full evaluation of the same input agree on
 * the state, the changes (names, properties with their facts, timestamps), the account states
 * and nextCheckAt.
 */
function equivalent(definitions: () => LoadedDefinitions, histories: number, steps: number) {
  let evaluated = 0;
  for (let seed = 1; seed <= histories; seed++) {
    run({
      definitions: definitions(),
      seed,
      steps,
      check: (input: StateInput, step) => {
        const incremental = applyState(input);
        const full = applyState({ ...input, fullEvaluation: true });
        const where = `seed ${seed}, step ${step}`;
        assert.deepEqual(incremental.changes, full.changes, `changes, ${where}`);
        assert.deepEqual(incremental.state, full.state, `state, ${where}`);
        assert.equal(incremental.nextCheckAt, full.nextCheckAt, `nextCheckAt, ${where}`);
        assert.deepEqual(incremental.accountStates, full.accountStates, `accounts, ${where}`);
        evaluated++;
        // Half the time the state goes through JSON, as when the runtime stores and reloads it.
        const state = incremental.state as unknown as JsonObject;
        return step % 2 ? (JSON.parse(JSON.stringify(state)) as JsonObject) : state;
      },
    });
  }
  assert.ok(evaluated > histories * steps * 0.3, `only ${evaluated} runs compared`);
}

describe('incremental evaluation equals full evaluation', () => {
  let example: LoadedDefinitions;
  before(async () => {
    example = await loadDefinitions('examples/saas/cairn.yaml');
  });

  it('with the example workspace', () => equivalent(() => example, 40, 150));

  it('with definitions using every rule kind', () => equivalent(() => SYNTHETIC, 40, 150));

  it('with no score, activation or qualifier', () => equivalent(() => BARE, 20, 100));
});
