import { z } from 'zod';
import { durationSchema } from './duration.js';
import { expecting } from './error-map.js';
import { conditionSchema, goalSchema } from './journey-conditions.js';
import { prioritySchema, stepsSchema } from './journey-steps.js';
import { triggerSchema } from './journey-triggers.js';
import type { EntryPolicy, Journey } from './journey-types.js';
import { nameSchema, strictObject, textSchema } from './primitives.js';
import { ruleSchema } from './rule.js';

const entrySchema = z
  .union([z.literal('once'), z.literal('every_time'), strictObject({ cooldown: durationSchema })], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'expected once, every_time or { cooldown: <duration> }'
        : undefined,
  })
  .transform((entry): EntryPolicy =>
    typeof entry === 'string' ? { kind: entry } : { kind: 'cooldown', cooldown: entry.cooldown },
  );

/**
 * A journey: a trigger, steps, and how it is measured.
 *
 *     day_1:
 *       trigger: { event: Signed Up }
 *       goal: { rule: { activated: true }, within: 7d }
 *       holdout: 0.1
 *       steps:
 *         - id: first_login
 *           wait_until: { event: Logged In, timeout: 24h }
 *           on_timeout:
 *             - { id: trouble, send: trouble_getting_started }
 *             - { id: stop, exit: no_login }
 *         - { id: next_step, send: next_step }
 */
export const journeySchema = strictObject({
  name: textSchema.optional(),
  description: textSchema.optional(),
  enabled: z.boolean({ error: expecting('true or false') }).default(true),
  draft: z.boolean({ error: expecting('true or false') }).default(false),
  priority: prioritySchema.default('normal'),
  trigger: triggerSchema,
  audience: ruleSchema.optional(),
  entry: entrySchema.default({ kind: 'once' }),
  concurrent: z.boolean({ error: expecting('true or false') }).default(false),
  holdout: z
    .number({ error: expecting('a share between 0 and 1 (0.1 = 10%)') })
    .min(0, 'expected a share between 0 and 1 (0.1 = 10%)')
    .max(1, 'expected a share between 0 and 1 (0.1 = 10%)')
    .default(0),
  goal: goalSchema.optional(),
  exit_when: z.array(conditionSchema, { error: expecting('a list of conditions') }).default([]),
  max_event_age: durationSchema.optional(),
  steps: stepsSchema,
});

export const journeysSchema = z.record(nameSchema, journeySchema, {
  error: expecting('a mapping of journey ids to { trigger, steps }'),
});

// The schema's output and the hand-written type (which documents each field) must agree.
const _agrees: z.output<typeof journeySchema> extends Journey ? true : never = true;
