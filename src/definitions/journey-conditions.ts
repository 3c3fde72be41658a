import type { z } from 'zod';
import { durationSchema } from './duration.js';
import type { Condition, Goal, WaitUntilStep } from './journey-types.js';
import { keyedUnion } from './keyed-union.js';
import { eventNameSchema, strictObject } from './primitives.js';
import { propertyFilterSchema } from './property-filter.js';
import { ruleSchema } from './rule.js';

/** The kinds of a condition (`event` + `where`, or `rule`), each with extra keys. */
function conditionKindsWith(extra: z.core.$ZodLooseShape): Record<string, z.ZodType> {
  return {
    event: strictObject({
      event: eventNameSchema,
      where: propertyFilterSchema.optional(),
      ...extra,
    }).describe('An event (or a state change such as "Milestone Reached"), with a property filter'),
    rule: strictObject({ rule: ruleSchema, ...extra }).describe('A rule over the user'),
  };
}

export const conditionKinds = conditionKindsWith({});
export const goalKinds = conditionKindsWith({ within: durationSchema.optional() });
export const waitConditionKinds = conditionKindsWith({ timeout: durationSchema });

/** `{ event: Logged In }` or `{ rule: { milestone: report_shared } }`. */
export const conditionSchema = keyedUnion<Condition>({
  what: 'a condition',
  kinds: conditionKinds,
});

/** A condition and its conversion window, counted from entry. */
export const goalSchema = keyedUnion<Goal>({ what: 'a goal', kinds: goalKinds });

/** What `wait_until` waits for, with its timeout (required: a wait never strands a run). */
export const waitConditionSchema = keyedUnion<WaitUntilStep['wait_until']>({
  what: 'a wait_until condition',
  kinds: waitConditionKinds,
});
