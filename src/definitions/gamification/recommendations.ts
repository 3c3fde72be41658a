import { z } from 'zod';
import { expecting } from '../error-map.js';
import { nameSchema, strictObject, textSchema } from '../primitives.js';
import { periodKindSchema } from './periods.js';

/**
 * A feature to recommend to those who have not adopted it (not reached its milestone; for an
 * account, no member has). Its impact is in minutes saved per `period`: measured from peers —
 * the mean time saved (roi) of adopters minus that of non-adopters in the same cohort, both
 * groups at least peers.min_size — or declared. A measured impact, when there is one, wins.
 *
 *     bulk_actions:
 *       title: Use bulk actions
 *       adopted: bulk_action_used
 *       impact: { measured: true, declared_minutes: 120, period: week }
 */
export const recommendationSchema = strictObject({
  title: textSchema.min(1, 'expected a title'),
  adopted: nameSchema,
  impact: strictObject({
    measured: z.boolean({ error: expecting('true or false') }).default(true),
    declared_minutes: z
      .number({ error: expecting('minutes') })
      .positive()
      .optional(),
    period: periodKindSchema.default('week'),
  }),
  link: textSchema.optional(),
  description: textSchema.optional(),
}).refine((rec) => rec.impact.measured || rec.impact.declared_minutes !== undefined, {
  message: 'an impact that is not measured must be declared (declared_minutes)',
  path: ['impact'],
});

export const recommendationsSchema = z.record(nameSchema, recommendationSchema, {
  error: expecting('a mapping of recommendation names to { title, adopted, impact }'),
});

export type RecommendationDefinition = z.output<typeof recommendationSchema>;
