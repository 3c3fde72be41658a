import { z } from 'zod';
import { ruleKinds, ruleSchema } from './rule.js';
import { definitionsSchema } from './schema.js';

type JsonSchema = Record<string, unknown>;

/** Every rule position becomes a reference to the one shared `Rule` definition. */
const options = {
  io: 'input' as const,
  unrepresentable: 'any' as const,
  override: (ctx: { zodSchema: unknown; jsonSchema: JsonSchema }) => {
    if (ctx.zodSchema !== ruleSchema) return;
    for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
    ctx.jsonSchema.$ref = '#/$defs/Rule';
  },
};

/**
 * The JSON Schema of `cairn.yaml` (draft 2020-12), for editor completion (`cairn schema >
 * cairn.schema.json`). It describes the input: durations are strings like `7d`.
 */
export function definitionsJsonSchema(): JsonSchema {
  const root = z.toJSONSchema(definitionsSchema, options) as JsonSchema;
  const { $schema: _, ...rule } = z.toJSONSchema(
    z.union(Object.values(ruleKinds)),
    options,
  ) as JsonSchema;
  return {
    $schema: root.$schema,
    title: 'Cairn workspace definitions (cairn.yaml)',
    ...root,
    $defs: {
      ...(root.$defs as JsonSchema | undefined),
      Rule: { description: 'A rule: one operator key and its options.', ...rule },
    },
  };
}
