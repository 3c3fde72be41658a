import { z } from 'zod';
import { expecting } from './error-map.js';
import { propertyFilterSchema } from './property-filter.js';
import { eventNameSchema, nameSchema, strictObject, textSchema } from './primitives.js';

/**
 * A milestone: a meaningful action, reached once (the first time its event happens with matching
 * properties, or the `times`-th time).
 *
 *     report_shared:
 *       event: Report Created
 *       where: { shared: true }
 */
export const milestoneSchema = strictObject({
  event: eventNameSchema,
  where: propertyFilterSchema.optional(),
  times: z.number().int('expected a whole number').min(1, 'expected a whole number ≥ 1').optional(),
  description: textSchema.optional(),
});

export const milestonesSchema = z.record(nameSchema, milestoneSchema, {
  error: expecting('a mapping of milestone names to { event, where? }'),
});

export type Milestone = z.output<typeof milestoneSchema>;
