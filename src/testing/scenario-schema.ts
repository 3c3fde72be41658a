import { z } from 'zod';
import { expecting } from '../definitions/error-map.js';
import { keyedUnion } from '../definitions/keyed-union.js';
import {
  eventNameSchema,
  nameSchema,
  strictObject,
  textSchema,
} from '../definitions/primitives.js';
import { parseDuration } from '../definitions/index.js';
import { valueTestSchema } from '../definitions/property-filter.js';
import type { JsonObject } from '../core/types.js';

/** A time since the start of the scenario: `0`, `0h`, `26h`, `1d2h`. */
const offsetSchema = z
  .union([z.literal(0), z.string()], { error: expecting('a time like 0h, 26h or 2d') })
  .transform((value, ctx) => {
    const ms = value === 0 || value === '0' ? 0 : parseDuration(String(value));
    if (ms === null) {
      ctx.issues.push({
        code: 'custom',
        message: 'expected a time like 0h, 26h or 2d',
        input: value,
      });
      return z.NEVER;
    }
    return { ms, text: String(value) };
  });

const objectOf = (what: string) =>
  z
    .record(z.string(), z.any(), { error: expecting(what) })
    .transform((value) => value as JsonObject);
const names = (what: string) => z.array(nameSchema, { error: expecting(`a list of ${what}`) });
/** Template ids, each optionally with the persona of a variant: `welcome`, `welcome.technical`. */
const templateIds = z.array(
  z
    .string({ error: expecting('a template id') })
    .regex(
      /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/,
      'expected a template id in snake_case, optionally with a persona (welcome.technical)',
    ),
  { error: expecting('a list of template ids') },
);
const common = { at: offsetSchema, user: z.string().min(1).optional() };

const stateSchema = strictObject({
  lifecycle: z.string().nullable().optional(),
  engagement: z.string().nullable().optional(),
  persona: z.union([nameSchema, z.record(nameSchema, nameSchema.nullable())]).optional(),
  segments: names('segments').optional(),
  not_segments: names('segments').optional(),
  milestones: names('milestones').optional(),
  activated: z.boolean().optional(),
  score: valueTestSchema.optional(),
});

const expectationSchema = strictObject({
  sent: templateIds.optional(),
  not_sent: templateIds.optional(),
  notified: templateIds.optional(),
  held_out: templateIds.optional(),
  capped: templateIds.optional(),
  suppressed: templateIds.optional(),
  deferred: templateIds.optional(),
  converted: names('journey ids').optional(),
  journeys: z
    .record(
      nameSchema,
      z.enum(['active', 'completed', 'converted', 'exited', 'none'], {
        error: 'expected active, completed, converted, exited or none',
      }),
    )
    .optional(),
  state: stateSchema.optional(),
  traits: objectOf('a mapping of traits').optional(),
});

const stepKinds = {
  track: strictObject({
    ...common,
    track: eventNameSchema,
    properties: objectOf('a mapping of properties').default({}),
    /** The account it is attributed to (context.groupId). */
    account: z.string().min(1).optional(),
    /** A backfilled event (source import): it updates the profile, never triggers. */
    imported: z.boolean().default(false),
    /** The event happened this long before `at` (a late event). */
    ago: offsetSchema.optional(),
  }),
  identify: strictObject({ ...common, identify: objectOf('a mapping of traits') }),
  page: strictObject({
    ...common,
    page: eventNameSchema,
    properties: objectOf('a mapping of properties').default({}),
  }),
  group: strictObject({
    ...common,
    group: z.string().min(1, 'expected an account id'),
    traits: objectOf('a mapping of traits').default({}),
  }),
  unsubscribe: strictObject({ ...common, unsubscribe: nameSchema }),
  expect: strictObject({ ...common, expect: expectationSchema }),
};

export const scenarioStepSchema = keyedUnion<Record<string, unknown>>({
  what: 'a scenario step',
  kinds: stepKinds,
  common: ['at', 'user'],
});

export const scenarioSchema = strictObject({
  name: textSchema,
  description: textSchema.optional(),
  start: z.iso
    .datetime({ offset: true, error: 'expected an ISO 8601 time like 2026-01-05T09:00:00Z' })
    .optional(),
  user: z.string().min(1).default('user-1'),
  holdout: z.enum(['none', 'all', 'hash'], { error: 'expected none, all or hash' }).default('none'),
  steps: z
    .array(scenarioStepSchema, { error: expecting('a list of steps') })
    .min(1, 'expected at least one step'),
});
