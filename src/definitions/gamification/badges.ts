import { z } from 'zod';
import { expecting } from '../error-map.js';
import { nameSchema, strictObject, textSchema } from '../primitives.js';
import { ruleSchema } from '../rule.js';
import { periodKindSchema, unitSchema } from './periods.js';

const atLeast = z.number({ error: expecting('a number') }).min(0);

/**
 * Conditions on gamification state, all of which must hold: total points, a level or tier
 * reached (or above), a streak's current length, a metric's value in the current period, other
 * badges held.
 */
export const requirementsSchema = strictObject({
  points: atLeast.optional(),
  level: z.record(nameSchema, textSchema, { error: expecting('ladder → level name') }).optional(),
  tier: z
    .record(nameSchema, textSchema, { error: expecting('tier ladder → tier name') })
    .optional(),
  streak: z.record(nameSchema, atLeast, { error: expecting('streak → length') }).optional(),
  metric: z
    .record(nameSchema, strictObject({ period: periodKindSchema, at_least: atLeast }), {
      error: expecting('metric → { period, at_least }'),
    })
    .optional(),
  badges: z.array(nameSchema, { error: expecting('a list of badge names') }).optional(),
});

/**
 * A badge, earned once (with its time) when its rule — in the rule language segments use — and
 * its gamification requirements hold. Badges of accounts have requirements only: the rule
 * language reads one user's profile.
 *
 *     power_user:
 *       name: Power user
 *       when: { performed: Task Completed, at_least: 100 }
 *       requires: { streak: { daily_active: 14 } }
 */
export const badgeSchema = strictObject({
  name: textSchema.min(1, 'expected the name shown to people'),
  for: unitSchema.default('user'),
  when: ruleSchema.optional(),
  requires: requirementsSchema.optional(),
  description: textSchema.optional(),
})
  .refine((badge) => badge.when !== undefined || badge.requires !== undefined, {
    message: 'a badge needs when (a rule), requires, or both',
  })
  .refine((badge) => badge.for === 'user' || badge.when === undefined, {
    message: 'an account badge cannot use when (rules read one user): use requires',
    path: ['when'],
  });

export const badgesSchema = z.record(nameSchema, badgeSchema, {
  error: expecting('a mapping of badge names to { name, when?, requires? }'),
});

export type BadgeDefinition = z.output<typeof badgeSchema>;
export type Requirements = z.output<typeof requirementsSchema>;
