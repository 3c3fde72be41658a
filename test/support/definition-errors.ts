import assert from 'node:assert/strict';
import { DefinitionsError, parseDefinitions } from '../../src/definitions/index.js';

/** The formatted errors `cairn.yaml` with this text gets, one string per problem. */
export function definitionErrors(yaml: string): string[] {
  try {
    parseDefinitions(yaml, 'cairn.yaml');
  } catch (error) {
    assert.ok(error instanceof DefinitionsError, String(error));
    return error.message.split('\n');
  }
  assert.fail('expected the definitions to be refused');
}
