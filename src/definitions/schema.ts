import { z } from 'zod';
import { expecting } from './error-map.js';
import { activationSchema } from './activation.js';
import { engagementSchema } from './engagement.js';
import { lifecycleSchema } from './lifecycle.js';
import { milestonesSchema } from './milestones.js';
import { personasSchema } from './personas.js';
import { strictObject, textSchema } from './primitives.js';
import { qualifierSchema } from './qualifier.js';
import { scoreSchema } from './score.js';
import { segmentsSchema } from './segments.js';

/**
 * The sections of `cairn.yaml`, each validated by its own schema. A new section (journeys,
 * templates, channels, topics, reports, gamification) is one more entry here; a top-level key
 * that is not listed is an error naming the allowed keys.
 */
export const SECTIONS = {
  milestones: milestonesSchema,
  activation: activationSchema,
  qualifier: qualifierSchema,
  personas: personasSchema,
  score: scoreSchema,
  lifecycle: lifecycleSchema,
  engagement: engagementSchema,
  segments: segmentsSchema,
};

export const definitionsSchema = strictObject({
  /** The format of this file; only 1 exists. */
  version: z.literal(1, { error: expecting('1 (the only version of this format)') }).optional(),
  /** The product's name, for messages and the dashboard. */
  name: textSchema.optional(),
  milestones: SECTIONS.milestones.default({}),
  activation: SECTIONS.activation.optional(),
  qualifier: SECTIONS.qualifier.optional(),
  personas: SECTIONS.personas.default({}),
  score: SECTIONS.score.optional(),
  lifecycle: SECTIONS.lifecycle.optional(),
  engagement: SECTIONS.engagement.optional(),
  segments: SECTIONS.segments.default({}),
});

/** A validated workspace definition (durations in milliseconds). */
export type Definitions = z.output<typeof definitionsSchema>;
