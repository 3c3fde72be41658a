import { z } from 'zod';
import { durationSchema } from './duration.js';
import { expecting } from './error-map.js';
import { SEND_CHANNELS, type SendChannel } from './journey-types.js';
import { strictObject } from './primitives.js';
import { timeOfDaySchema } from './time-of-day.js';

const count = (what: string) =>
  z
    .number({ error: expecting(what) })
    .int('expected a whole number')
    .min(0, 'expected a whole number ≥ 0');

/**
 * At most `max` marketing messages on a channel per `per` (whole days are counted in the user's
 * time zone). `by_priority` lowers the limit for lower priorities, keeping the last slots for
 * more important messages: `{ low: 1 }` lets a low-priority message through only when nothing
 * was sent yet.
 */
const capSchema = strictObject({
  max: count('a number of messages'),
  per: durationSchema,
  by_priority: strictObject({
    low: count('a number of messages').optional(),
    normal: count('a number of messages').optional(),
  }).optional(),
}).superRefine((cap, ctx) => {
  for (const [priority, limit] of Object.entries(cap.by_priority ?? {})) {
    if (limit !== undefined && limit > cap.max)
      ctx.addIssue({
        code: 'custom',
        path: ['by_priority', priority],
        message: `expected at most max (${cap.max})`,
      });
  }
});

export type Cap = z.output<typeof capSchema>;

const capsSchema = z
  .union([capSchema, z.array(capSchema).min(1, 'expected at least one cap')], {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'expected { max, per } or a list of them' : undefined,
  })
  .transform((caps): Cap[] => (Array.isArray(caps) ? caps : [caps]));

const channelSchema = z.enum(SEND_CHANNELS, {
  error: `expected a channel: one of ${SEND_CHANNELS.join(', ')}`,
});

/**
 * Respect for the user's inbox: frequency caps per channel, quiet hours in the user's time zone
 * (sends are deferred to the end of the window, never dropped), and how old a trigger may be.
 * Transactional messages are exempt from caps and quiet hours.
 */
export const deliverySchema = strictObject({
  /** For users without a `timezone` trait (an IANA name such as Europe/Paris). */
  default_time_zone: z
    .string({ error: expecting('an IANA time zone such as Europe/Paris') })
    .refine(isTimeZone, 'expected an IANA time zone such as Europe/Paris or UTC')
    .default('UTC'),
  quiet_hours: strictObject({
    from: timeOfDaySchema,
    to: timeOfDaySchema,
    channels: z
      .array(channelSchema, { error: expecting('a list of channels') })
      .min(1)
      .default(['email']),
  })
    .refine((quiet) => quiet.from !== quiet.to, 'expected from and to to differ')
    .optional(),
  caps: strictObject({
    email: capsSchema.optional(),
    inapp: capsSchema.optional(),
    webhook: capsSchema.optional(),
    slack: capsSchema.optional(),
  }).default({}),
  /** Triggers older than this (late or replayed events) never start a journey. */
  max_event_age: durationSchema.prefault('24h'),
});

export type DeliveryConfig = z.output<typeof deliverySchema>;
export type Caps = Partial<Record<SendChannel, Cap[]>>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
