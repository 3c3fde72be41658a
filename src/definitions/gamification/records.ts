import { z } from 'zod';
import { expecting } from '../error-map.js';
import { nameSchema, strictObject } from '../primitives.js';
import { periodKindSchema, unitSchema } from './periods.js';

/**
 * A personal best: the highest value of a metric in one period. The first period that beats
 * the best of the earlier ones (and an earlier best above 0) is a `Record Broken`, once per period.
 *
 *     weekly_tasks: { metric: tasks_completed, period: week }
 */
export const recordSchema = strictObject({
  for: unitSchema.default('user'),
  metric: nameSchema,
  period: periodKindSchema,
});

export const recordsSchema = z.record(nameSchema, recordSchema, {
  error: expecting('a mapping of record names to { metric, period }'),
});

export type RecordDefinition = z.output<typeof recordSchema>;
