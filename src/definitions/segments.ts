import { z } from 'zod';
import { expecting } from './error-map.js';
import { nameSchema, strictObject, textSchema } from './primitives.js';
import { ruleSchema } from './rule.js';

/**
 * A segment: a live rule. Entering and leaving it are state changes that can start journeys;
 * time-based rules ("did not log in in the last 10 days") are re-checked without new events.
 */
export const segmentSchema = strictObject({
  description: textSchema.optional(),
  when: ruleSchema,
});

export const segmentsSchema = z.record(nameSchema, segmentSchema, {
  error: expecting('a mapping of segment names to { when }'),
});

export type Segment = z.output<typeof segmentSchema>;
