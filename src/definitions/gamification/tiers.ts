import { z } from 'zod';
import { expecting } from '../error-map.js';
import { nameSchema, strictObject, textSchema } from '../primitives.js';
import { periodKindSchema, unitSchema } from './periods.js';

/**
 * Tiers over a period metric, recomputed each period: the tier held during a period is the one
 * the metric reached in the period before (the last complete one); the current period's value
 * is the progress toward the next.
 *
 *     monthly_tasks:
 *       for: account
 *       metric: tasks_completed
 *       period: month
 *       steps: [{ name: Bronze, at_least: 10 }, { name: Silver, at_least: 40 }, …]
 */
export const tierSchema = strictObject({
  for: unitSchema.default('user'),
  metric: nameSchema,
  period: periodKindSchema,
  steps: z
    .array(
      strictObject({
        name: textSchema.min(1, 'expected a tier name'),
        at_least: z.number({ error: expecting('a number') }).min(0),
      }),
      { error: expecting('a list of tiers { name, at_least }, lowest first') },
    )
    .min(1, 'expected at least one tier'),
  description: textSchema.optional(),
}).superRefine((tier, issues) => {
  tier.steps.forEach((step, index) => {
    const before = tier.steps[index - 1];
    if (before && step.at_least <= before.at_least)
      issues.addIssue({
        code: 'custom',
        path: ['steps', index, 'at_least'],
        message: `tiers are listed lowest first: ${step.at_least} is not above ${before.at_least}`,
      });
  });
});

export const tiersSchema = z.record(nameSchema, tierSchema, {
  error: expecting('a mapping of tier ladder names to { metric, period, steps }'),
});

export type TierDefinition = z.output<typeof tierSchema>;
