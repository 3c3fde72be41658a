import { z } from 'zod';
import { expecting } from './error-map.js';
import { nameSchema, strictObject, textSchema } from './primitives.js';
import { ruleSchema } from './rule.js';

/** One persona rule; without `when` it always matches (a default, listed last). */
export const personaRuleSchema = strictObject({
  persona: nameSchema,
  when: ruleSchema.optional(),
  description: textSchema.optional(),
});

/**
 * A persona dimension: an ordered list of rules, the first that matches names the persona. A user
 * has one persona per dimension (e.g. `path` from the qualifier and `behavior` from what they do),
 * re-evaluated as behavior changes. Persona names are unique across dimensions, so a rule can say
 * `persona: evaluator` without naming the dimension.
 */
export const personaDimensionSchema = strictObject({
  description: textSchema.optional(),
  rules: z
    .array(personaRuleSchema, { error: expecting('a list of { persona, when }') })
    .min(1, 'expected at least one rule'),
});

export const personasSchema = z.record(nameSchema, personaDimensionSchema, {
  error: expecting('a mapping of persona dimensions (e.g. path, behavior) to { rules }'),
});

export type PersonaDimension = z.output<typeof personaDimensionSchema>;
export type PersonaRuleDefinition = z.output<typeof personaRuleSchema>;
