import { z } from 'zod';
import { expecting } from './error-map.js';
import { ENGAGEMENT_STAGES } from './engagement-stages.js';
import { strictObject, textSchema } from './primitives.js';
import { ruleSchema } from './rule.js';

export const engagementRuleSchema = strictObject({
  stage: z.enum(ENGAGEMENT_STAGES, {
    error: `expected an engagement stage: one of ${ENGAGEMENT_STAGES.join(', ')}`,
  }),
  when: ruleSchema.optional(),
  description: textSchema.optional(),
});

/** Ordered rules; the first that matches sets the stage. */
export const engagementSchema = z
  .array(engagementRuleSchema, { error: expecting('a list of { stage, when }') })
  .min(1, 'expected at least one rule');

export type EngagementRule = z.output<typeof engagementRuleSchema>;
