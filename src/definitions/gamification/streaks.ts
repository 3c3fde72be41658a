import { z } from 'zod';
import { durationSchema } from '../duration.js';
import { expecting } from '../error-map.js';
import { nameSchema, strictObject, textSchema } from '../primitives.js';
import { unitSchema } from './periods.js';

const whole = (least: number) =>
  z
    .number({ error: expecting('a whole number') })
    .int('expected a whole number')
    .min(least, `expected a whole number ≥ ${least}`);

/**
 * A streak: consecutive calendar days or weeks (Monday first) in the owner's time zone in which
 * the condition held — metric thresholds within the period, all of them (`mode: all`) or any.
 * A streak met up to period P is alive until the end of P + 1 (its expiry); it breaks then
 * unless a freeze covers P + 1. `at_risk` before the expiry, with P + 1 not yet met, is the
 * `Streak At Risk` moment.
 *
 *     daily_active:
 *       period: day
 *       when: { tasks_completed: 1 }
 *       freezes: { every: 7, max: 2 }
 *       at_risk: 4h
 */
export const streakSchema = strictObject({
  for: unitSchema.default('user'),
  period: z.enum(['day', 'week'], { error: 'expected day or week' }),
  when: z
    .record(nameSchema, z.number({ error: expecting('a number') }).positive(), {
      error: expecting('metric → minimum within the period'),
    })
    .refine((when) => Object.keys(when).length > 0, 'expected at least one metric'),
  mode: z.enum(['all', 'any'], { error: 'expected all or any' }).default('all'),
  freezes: strictObject({
    /** One freeze earned every `every` consecutive periods met. */
    every: whole(1),
    /** At most this many held at once. */
    max: whole(1),
    /** Held when the subject first appears. */
    initial: whole(0).default(0),
  }).optional(),
  at_risk: durationSchema.optional(),
  description: textSchema.optional(),
});

export const streaksSchema = z.record(nameSchema, streakSchema, {
  error: expecting('a mapping of streak names to { period, when }'),
});

export type StreakDefinition = z.output<typeof streakSchema>;
