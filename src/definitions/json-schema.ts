import { z } from 'zod';
import {
  conditionKinds,
  conditionSchema,
  goalKinds,
  goalSchema,
  waitConditionKinds,
  waitConditionSchema,
} from './journey-conditions.js';
import { stepKinds, stepSchema } from './journey-steps.js';
import {
  accountTriggerKinds,
  accountTriggerSchema,
  triggerKinds,
  triggerSchema,
} from './journey-triggers.js';
import { ruleKinds, ruleSchema } from './rule.js';
import { definitionsSchema } from './schema.js';

type JsonSchema = Record<string, unknown>;

/**
 * The values validated by dispatching on a kind key (see keyed-union.ts). Each is exported as one
 * shared definition, a union of its kinds, and every position that holds one refers to it.
 */
const KEYED: {
  schema: z.ZodType;
  name: string;
  kinds: Record<string, z.ZodType>;
  about: string;
}[] = [
  {
    schema: ruleSchema,
    name: 'Rule',
    kinds: ruleKinds,
    about: 'A rule: one operator key and its options.',
  },
  {
    schema: stepSchema,
    name: 'Step',
    kinds: stepKinds,
    about: 'A journey step: an id and one kind key.',
  },
  {
    schema: triggerSchema,
    name: 'Trigger',
    kinds: triggerKinds,
    about: 'What starts a journey: one kind key.',
  },
  {
    schema: conditionSchema,
    name: 'Condition',
    kinds: conditionKinds,
    about: 'An event (with where) or a rule.',
  },
  {
    schema: goalSchema,
    name: 'Goal',
    kinds: goalKinds,
    about: 'A condition and its conversion window.',
  },
  {
    schema: accountTriggerSchema,
    name: 'AccountTrigger',
    kinds: accountTriggerKinds,
    about: 'What happens to an account: an event, a trait change or a score crossing.',
  },
  {
    schema: waitConditionSchema,
    name: 'WaitCondition',
    kinds: waitConditionKinds,
    about: 'What wait_until waits for, with its timeout.',
  },
];

const refs = new Map<unknown, string>(KEYED.map(({ schema, name }) => [schema, name]));

const options = {
  io: 'input' as const,
  unrepresentable: 'any' as const,
  override: (ctx: { zodSchema: unknown; jsonSchema: JsonSchema }) => {
    const name = refs.get(ctx.zodSchema);
    if (!name) return;
    for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
    ctx.jsonSchema.$ref = `#/$defs/${name}`;
  },
};

function unionOf(kinds: Record<string, z.ZodType>): JsonSchema {
  const { $schema: _, ...schema } = z.toJSONSchema(
    z.union(Object.values(kinds) as [z.ZodType, ...z.ZodType[]]),
    options,
  ) as JsonSchema;
  return schema;
}

/**
 * The JSON Schema of `cairn.yaml` (draft 2020-12), for editor completion (`cairn schema >
 * cairn.schema.json`). It describes the input: durations are strings like `7d`.
 */
export function definitionsJsonSchema(): JsonSchema {
  const root = z.toJSONSchema(definitionsSchema, options) as JsonSchema;
  const defs: JsonSchema = { ...(root.$defs as JsonSchema | undefined) };
  for (const { name, kinds, about } of KEYED)
    defs[name] = { description: about, ...unionOf(kinds) };
  return {
    $schema: root.$schema,
    title: 'Cairn workspace definitions (cairn.yaml)',
    ...root,
    $defs: defs,
  };
}
