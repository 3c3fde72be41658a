import { z } from 'zod';
import { expecting } from './error-map.js';
import { durationSchema } from './duration.js';
import { eventNameSchema, nameSchema, strictObject, textSchema } from './primitives.js';

/**
 * The behavioral score: each event adds its weight (negative allowed) and the total halves every
 * `half_life`. Members' events also add to their account's score. Crossing a threshold, up or
 * down, is a `Score Crossed` state change.
 */
export const scoreSchema = strictObject({
  half_life: durationSchema,
  weights: z.record(
    eventNameSchema,
    z.number({ error: expecting('a number (negative allowed)') }),
    {
      error: expecting('a mapping of event names to weights'),
    },
  ),
  thresholds: z
    .record(nameSchema, z.number({ error: expecting('a number') }), {
      error: expecting('a mapping of threshold names to scores'),
    })
    .optional(),
  description: textSchema.optional(),
});

export type ScoreDefinition = z.output<typeof scoreSchema>;
