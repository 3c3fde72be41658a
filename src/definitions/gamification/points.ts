import { z } from 'zod';
import { expecting } from '../error-map.js';
import { propertyFilterSchema } from '../property-filter.js';
import { eventNameSchema, nameSchema, strictObject, textSchema } from '../primitives.js';
import { periodKindSchema } from './periods.js';

const amount = z
  .number({ error: expecting('a whole number of points') })
  .int('expected a whole number of points')
  .min(1, 'expected a whole number ≥ 1');

/**
 * One way to earn points: each matching event (or reaching a milestone once) earns `points`, at
 * most `cap.max` per calendar `cap.per` in the owner's time zone. Accounts earn their members'
 * points.
 *
 *     - { event: Task Completed, points: 10, cap: { per: day, max: 100 } }
 *     - { milestone: crm_connected, points: 200 }
 */
export const pointRuleSchema = strictObject({
  event: eventNameSchema.optional(),
  milestone: nameSchema.optional(),
  where: propertyFilterSchema.optional(),
  points: amount,
  cap: strictObject({ per: periodKindSchema, max: amount }).optional(),
  description: textSchema.optional(),
})
  .refine((rule) => (rule.event === undefined) !== (rule.milestone === undefined), {
    message: 'expected exactly one of event or milestone',
  })
  .refine((rule) => rule.where === undefined || rule.event !== undefined, {
    message: 'where filters an event: it needs event',
    path: ['where'],
  });

export const pointsSchema = z.array(pointRuleSchema, {
  error: expecting('a list of point rules { event | milestone, points }'),
});

export type PointRule = z.output<typeof pointRuleSchema>;
