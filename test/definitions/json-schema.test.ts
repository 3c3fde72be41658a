import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { definitionsJsonSchema } from '../../src/definitions/index.js';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('JSON Schema export', () => {
  const schema = definitionsJsonSchema() as Schema;

  it('describes every section and refuses unknown top-level keys', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.additionalProperties, false);
    for (const section of [
      'milestones',
      'activation',
      'qualifier',
      'personas',
      'score',
      'lifecycle',
      'engagement',
      'segments',
    ]) {
      assert.ok(schema.properties[section], section);
    }
    assert.deepEqual(schema.properties.activation.properties.within, {
      type: 'string',
      pattern: '^(?:\\d+(?:ms|s|m|h|d|w))+$',
    });
  });

  it('shares one recursive Rule definition, one alternative per operator', () => {
    assert.deepEqual(schema.properties.segments.additionalProperties.properties.when, {
      $ref: '#/$defs/Rule',
    });
    const kinds = schema.$defs.Rule.anyOf as Schema[];
    assert.equal(kinds.length, 19);
    const all = kinds.find((kind) => kind.required?.[0] === 'all')!;
    assert.deepEqual(all.properties.all.items, { $ref: '#/$defs/Rule' });
  });

  it('accepts the example workspace', async (t) => {
    // ajv arrives with fastify; it is only needed here, to check the export against real files.
    // The specifier is a variable so that type-checking does not depend on it either.
    const specifier = 'ajv/dist/2020.js';
    const Ajv2020 = await import(specifier)
      .then((m: Schema) => m.default.default ?? m.default)
      .catch(() => null);
    if (!Ajv2020) return t.skip('ajv is not installed');
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const example = parse(await readFile('examples/saas/cairn.yaml', 'utf8')) as Schema;
    assert.ok(validate(example), JSON.stringify(validate.errors, null, 2));
    assert.ok(!validate({ ...example, segmnts: {} }));
  });
});
