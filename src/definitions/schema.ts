import { z } from 'zod';
import { expecting } from './error-map.js';
import { activationSchema } from './activation.js';
import { checklistSchema } from './checklist.js';
import { conversionSchema } from './conversion.js';
import { deliverySchema } from './delivery.js';
import { engagementSchema } from './engagement.js';
import { journeysSchema } from './journeys.js';
import { lifecycleSchema } from './lifecycle.js';
import { milestonesSchema } from './milestones.js';
import { personasSchema } from './personas.js';
import { strictObject, textSchema } from './primitives.js';
import { qualifierSchema } from './qualifier.js';
import { scoreSchema } from './score.js';
import { segmentsSchema } from './segments.js';
import { topicsSchema } from './topics.js';
import { GAMIFICATION_SECTIONS, gamificationShape } from './gamification/sections.js';
import { reportsSchema } from './reports/report-schema.js';

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
  journeys: journeysSchema,
  delivery: deliverySchema,
  topics: topicsSchema,
  checklist: checklistSchema,
  ...GAMIFICATION_SECTIONS,
  reports: reportsSchema,
  conversion: conversionSchema,
};

export const definitionsSchema = strictObject({
  /** The format of this file; only 1 exists. */
  version: z.literal(1, { error: expecting('1 (the only version of this format)') }).optional(),
  /** The product's name, for messages and the dashboard. */
  name: textSchema.optional(),
  /** The product's address on the web, as `workspace.url` in templates. */
  url: textSchema.optional().describe("The product's web address, `workspace.url` in templates"),
  /** The sender's postal address, which marketing email must show (CAN-SPAM); the default
   * layout puts it in the footer. */
  postal_address: textSchema
    .optional()
    .describe('Postal address shown in the footer of marketing email (CAN-SPAM)'),
  milestones: SECTIONS.milestones
    .default({})
    .describe('Meaningful actions, each reached once: name → { event, where?, times? }'),
  activation: SECTIONS.activation
    .optional()
    .describe('Activated = every listed milestone within `within` of signup'),
  qualifier: SECTIONS.qualifier
    .optional()
    .describe('Signup questions and their allowed answers, from identify traits or an event'),
  personas: SECTIONS.personas
    .default({})
    .describe('Persona dimensions, each an ordered list of rules: the first match wins'),
  score: SECTIONS.score
    .optional()
    .describe('Behavioral score: weights per event, exponential decay, thresholds'),
  lifecycle: SECTIONS.lifecycle
    .optional()
    .describe('Ordered rules deciding the lifecycle stage: the first match wins'),
  engagement: SECTIONS.engagement
    .optional()
    .describe('Ordered rules deciding the engagement stage (implement … expand)'),
  segments: SECTIONS.segments
    .default({})
    .describe('Live rules; entering and leaving are events that can start journeys'),
  journeys: SECTIONS.journeys
    .default({})
    .describe('Trigger + steps + goal + holdout: how behavior becomes messages'),
  delivery: SECTIONS.delivery
    .prefault({})
    .describe('Frequency caps per channel, quiet hours, default time zone, max trigger age'),
  topics: SECTIONS.topics
    .default({})
    .describe('Subscription topics: opt-out (default: subscribed) or opt-in (unsubscribed)'),
  checklist: SECTIONS.checklist
    .default({})
    .describe('Onboarding checklist per persona (or default): milestones with a label and link'),
  ...gamificationShape,
  reports: SECTIONS.reports
    .default({})
    .describe('Scheduled usage reports per user or account: schedule, period, template, holdout'),
  conversion: SECTIONS.conversion
    .optional()
    .describe('Trial → paid for analytics: { event } or { trait, equals | in }'),
});

/** A validated workspace definition (durations in milliseconds). */
export type Definitions = z.output<typeof definitionsSchema>;
