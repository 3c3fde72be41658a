import { z } from 'zod';
import { expecting } from './error-map.js';
import { durationSchema } from './duration.js';
import { eventNameSchema, nameSchema, strictObject, textSchema } from './primitives.js';

/** When a user signed up: the first time of an event the product sends, or first seen. */
const signupSchema = z.union([z.literal('first_seen'), strictObject({ event: eventNameSchema })], {
  error: (issue) =>
    issue.code === 'invalid_union' ? 'expected first_seen or { event: <event name> }' : undefined,
});

/**
 * Activation: every listed milestone reached within `within` of signup.
 *
 *     activation:
 *       milestones: [data_source_connected, first_report_created, report_shared]
 *       within: 7d
 *       signup: { event: Signed Up }
 */
export const activationSchema = strictObject({
  milestones: z
    .array(nameSchema, { error: expecting('a list of milestone names') })
    .min(1, 'expected at least one milestone'),
  within: durationSchema.optional(),
  signup: signupSchema.default('first_seen'),
  description: textSchema.optional(),
});

export type Activation = z.output<typeof activationSchema>;
