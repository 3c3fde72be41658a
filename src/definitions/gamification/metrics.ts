import { z } from 'zod';
import { expecting } from '../error-map.js';
import { propertyFilterSchema } from '../property-filter.js';
import { eventNameSchema, nameSchema, oneOrMany, strictObject, textSchema } from '../primitives.js';

export const MEASURES = ['count', 'sum', 'active_days'] as const;

/**
 * A named measure, computed for every calendar day, week (Monday first), month and quarter in
 * the owner's time zone, for each user and each account:
 *
 *     tasks_completed: { event: Task Completed }                      # count (default)
 *     hours_logged:    { event: Time Logged, measure: sum, property: hours }
 *     active_days:     { measure: active_days }                       # distinct local days
 */
export const metricSchema = strictObject({
  /** The events measured; `active_days` without events counts days with any event. */
  event: oneOrMany(eventNameSchema, 'event name').optional(),
  where: propertyFilterSchema.optional(),
  measure: z
    .enum(MEASURES, { error: `expected a measure: one of ${MEASURES.join(', ')}` })
    .default('count'),
  /** The numeric property summed by `measure: sum` (dotted paths reach nested properties). */
  property: z.string().min(1, 'expected a property name').optional(),
  /** Singular and plural words for the unit, for templates ("task", "tasks"). */
  unit: z.tuple([textSchema, textSchema]).optional(),
  description: textSchema.optional(),
})
  .refine((metric) => metric.measure !== 'sum' || metric.property !== undefined, {
    message: 'measure: sum needs a property to sum',
    path: ['property'],
  })
  .refine((metric) => metric.measure !== 'sum' || metric.event !== undefined, {
    message: 'measure: sum needs the event whose property it sums',
    path: ['event'],
  })
  .refine((metric) => metric.measure !== 'count' || metric.event !== undefined, {
    message: 'measure: count needs the event to count',
    path: ['event'],
  });

export const metricsSchema = z.record(nameSchema, metricSchema, {
  error: expecting('a mapping of metric names to { event, where?, measure? }'),
});

export type MetricDefinition = z.output<typeof metricSchema>;
