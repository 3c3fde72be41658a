import { z } from 'zod';
import { cronSchema } from './cron.js';
import { ENGAGEMENT_STAGES } from './engagement-stages.js';
import { expecting } from './error-map.js';
import type { AccountTrigger, MemberFilter, Trigger } from './journey-types.js';
import { keyedUnion } from './keyed-union.js';
import { LIFECYCLE_STAGES } from './lifecycle-stages.js';
import { eventNameSchema, nameSchema, oneOrMany, strictObject } from './primitives.js';
import { propertyFilterSchema, valueTestSchema } from './property-filter.js';

/** `true` (any) or one or more names. */
function namesOrAny<T extends z.ZodType<string>>(item: T, what: string) {
  return z.union([z.literal(true), oneOrMany(item, what)], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `expected a ${what}, a list of them, or true (any)`
        : undefined,
  });
}

const stageName = z.enum([...LIFECYCLE_STAGES, ...ENGAGEMENT_STAGES], {
  error: `expected a stage: one of ${[...LIFECYCLE_STAGES, ...ENGAGEMENT_STAGES].join(', ')}`,
});

const direction = z
  .enum(['up', 'down'], { error: 'expected up or down' })
  .default('up')
  .describe('Which way the score crosses the threshold (default up)');

const eventKind = strictObject({
  event: eventNameSchema,
  where: propertyFilterSchema.optional(),
}).describe('A tracked event (page calls are "Viewed <name> Page"), with a property filter');
const traitChangedKind = strictObject({
  trait_changed: z.string({ error: expecting('a trait name') }).min(1, 'expected a trait name'),
  to: valueTestSchema.optional(),
}).describe('A trait changed (identify; group for accounts), optionally to a matching value');
const scoreCrossedKind = strictObject({
  score_crossed: nameSchema,
  direction,
}).describe('The score crossed a threshold of the score section');

export const accountTriggerKinds = {
  event: eventKind,
  trait_changed: traitChangedKind,
  score_crossed: scoreCrossedKind,
};

export const accountTriggerSchema = keyedUnion<AccountTrigger>({
  what: 'an account trigger',
  kinds: accountTriggerKinds,
});

/** `all`, or `{ role: [admin, owner] }` (read from the member's `role` trait, or `trait`). */
const membersSchema = z
  .union(
    [
      z.literal('all'),
      strictObject({
        role: oneOrMany(z.string().min(1, 'expected a role'), 'role'),
        trait: z.string().min(1, 'expected a trait name').default('role'),
      }),
    ],
    {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? 'expected all, or { role: [roles], trait?: <trait holding the role> }'
          : undefined,
    },
  )
  .transform((members): MemberFilter =>
    members === 'all' ? 'all' : { trait: members.trait, in: members.role },
  );

export const triggerKinds = {
  event: eventKind,
  milestone: strictObject({ milestone: namesOrAny(nameSchema, 'milestone') }).describe(
    'A milestone was reached (a name, a list, or true for any)',
  ),
  activated: strictObject({
    activated: z.literal(true, { error: expecting('true') }),
  }).describe('The user was activated'),
  persona_changed: strictObject({
    persona_changed: namesOrAny(nameSchema, 'persona'),
  }).describe('The user’s persona changed to one of these (true: any change)'),
  segment_entered: strictObject({ segment_entered: nameSchema }).describe(
    'The user entered a segment',
  ),
  segment_exited: strictObject({ segment_exited: nameSchema }).describe('The user left a segment'),
  stage_changed: strictObject({ stage_changed: namesOrAny(stageName, 'stage') }).describe(
    'The lifecycle or engagement stage changed to one of these (true: any change)',
  ),
  score_crossed: scoreCrossedKind,
  trait_changed: traitChangedKind,
  schedule: strictObject({ schedule: cronSchema }).describe(
    'A cron schedule, evaluated in each user’s time zone (use audience to choose who)',
  ),
  account: strictObject({
    account: accountTriggerSchema,
    members: membersSchema.default('all'),
  }).describe('Something happened to an account: its members enter (each at most once)'),
};

export const triggerSchema = keyedUnion<Trigger>({ what: 'a trigger', kinds: triggerKinds });
