import { z } from 'zod';
import { expecting } from './error-map.js';
import { LIFECYCLE_STAGES } from './lifecycle-stages.js';
import { strictObject, textSchema } from './primitives.js';
import { ruleSchema } from './rule.js';

export const lifecycleRuleSchema = strictObject({
  stage: z.enum(LIFECYCLE_STAGES, {
    error: `expected a lifecycle stage: one of ${LIFECYCLE_STAGES.join(', ')}`,
  }),
  when: ruleSchema.optional(),
  description: textSchema.optional(),
});

/**
 * Ordered rules over actions, milestones, score and inactivity; the first that matches sets the
 * stage. List the most specific first (converted, churned…) and a default (no `when`) last.
 */
export const lifecycleSchema = z
  .array(lifecycleRuleSchema, { error: expecting('a list of { stage, when }') })
  .min(1, 'expected at least one rule');

export type LifecycleRule = z.output<typeof lifecycleRuleSchema>;
