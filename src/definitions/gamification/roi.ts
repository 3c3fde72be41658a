import { z } from 'zod';
import { expecting } from '../error-map.js';
import { nameSchema, strictObject, textSchema } from '../primitives.js';

/**
 * Time saved: minutes per unit of a metric (a counted event, an hour logged…), rolled up per
 * period; the largest human equivalent that fits names the total ("a full work week").
 *
 *     roi:
 *       minutes: { automations_run: 15, bulk_edits: 6 }
 *       equivalents:
 *         - { hours: 40, label: a full work week }
 *         - { hours: 8, label: a full work day }
 */
export const roiSchema = strictObject({
  minutes: z.record(nameSchema, z.number({ error: expecting('minutes per unit') }).positive(), {
    error: expecting('metric → minutes saved per unit'),
  }),
  equivalents: z
    .array(
      strictObject({
        hours: z.number({ error: expecting('a number of hours') }).positive(),
        label: textSchema.min(1),
      }),
      { error: expecting('a list of { hours, label }') },
    )
    .default([]),
  description: textSchema.optional(),
});

export type RoiDefinition = z.output<typeof roiSchema>;
