import { z } from 'zod';
import type { Json } from '../core/types.js';
import { durationSchema } from './duration.js';
import { expecting } from './error-map.js';
import { waitConditionSchema } from './journey-conditions.js';
import {
  NEXT_LOGIN_WITHIN,
  NOTIFY_CHANNELS,
  PRIORITIES,
  SEND_CHANNELS,
  STEP_KINDS,
  type SendStep,
  type Step,
  type WaitStep,
} from './journey-types.js';
import { keyedUnion } from './keyed-union.js';
import { nameSchema, oneOrMany, strictObject, textSchema } from './primitives.js';
import { propertyFilterSchema } from './property-filter.js';
import { ruleSchema } from './rule.js';
import { timeOfDaySchema, weekdaySchema } from './time-of-day.js';

const steps = z.lazy(() => nestedStepsSchema);
const base = { id: nameSchema, description: textSchema.optional() };
const templateId = nameSchema.describe('A template id (templates/<id>.*.liquid)');

export const prioritySchema = z.enum(PRIORITIES, {
  error: `expected a priority: one of ${PRIORITIES.join(', ')}`,
});

/** A union whose alternatives are a shorthand and the full mapping. */
function shorthand<A extends z.ZodType, B extends z.ZodType>(short: A, full: B, expected: string) {
  return z.union([short, full], {
    error: (issue) => (issue.code === 'invalid_union' ? `expected ${expected}` : undefined),
  });
}

const sendSchema = shorthand(
  templateId,
  strictObject({
    channel: z
      .enum(SEND_CHANNELS, { error: `expected a channel: one of ${SEND_CHANNELS.join(', ')}` })
      .default('email'),
    template: templateId,
    topic: nameSchema.optional(),
    transactional: z.boolean({ error: expecting('true or false') }).default(false),
    priority: prioritySchema.optional(),
    show: z.enum(['now', 'next_login'], { error: 'expected now or next_login' }).optional(),
    within: durationSchema.optional(),
  }),
  'a template id, or { template, channel?, topic?, transactional?, priority?, show? }',
).transform((send): SendStep['send'] => {
  if (typeof send === 'string') return { channel: 'email', template: send, transactional: false };
  // `show: now` is the default spelt out: dropped, so the journey's version does not change.
  const { show, within, ...rest } = send as SendStep['send'] & { show?: 'now' | 'next_login' };
  return show === 'next_login'
    ? { ...rest, show, within: within ?? NEXT_LOGIN_WITHIN }
    : { ...rest, ...(within === undefined ? {} : { within }) };
});

/** What the send mapping cannot check alone: `show` is for in-app messages, `within` for it. */
function checkShow(step: { send: SendStep['send'] }, ctx: z.RefinementCtx) {
  const { channel, show, within } = step.send;
  if (show === 'next_login' && channel !== 'inapp')
    ctx.addIssue({
      code: 'custom',
      path: ['send', 'show'],
      message: 'show: next_login is for in-app messages (channel: inapp)',
    });
  if (show === undefined && within !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['send', 'within'],
      message: 'within is how long a show: next_login message waits for the login',
    });
}

const waitSchema = shorthand(
  durationSchema,
  strictObject({
    for: durationSchema.optional(),
    at: timeOfDaySchema.optional(),
    days: z
      .array(weekdaySchema, { error: expecting('a list of weekdays') })
      .min(1, 'expected at least one weekday')
      .optional(),
  }).refine(
    (wait) => wait.for !== undefined || wait.at !== undefined || wait.days !== undefined,
    'expected for (a duration), at (a local time of day) or days (weekdays)',
  ),
  'a duration like 1d, or { for?, at?: "09:00", days?: [mon, tue] }',
).transform((wait): WaitStep['wait'] => (typeof wait === 'number' ? { for: wait } : wait));

const branchPath = strictObject({
  when: ruleSchema.optional(),
  where: propertyFilterSchema.optional(),
  steps: steps.default([]),
});

const splitSchema = z
  .array(
    strictObject({
      name: nameSchema.optional(),
      percent: z
        .number({ error: expecting('a percentage') })
        .gt(0, 'expected a percentage above 0')
        .max(100, 'expected a percentage of at most 100'),
      steps: steps.default([]),
    }),
    { error: expecting('a list of { percent, steps }') },
  )
  .min(2, 'expected at least two paths')
  .superRefine((paths, ctx) => {
    const total = paths.reduce((sum, path) => sum + path.percent, 0);
    if (Math.abs(total - 100) > 1e-9)
      ctx.addIssue({ code: 'custom', message: `percentages add up to ${total}; expected 100` });
  })
  .transform((paths) => paths.map((path, i) => ({ ...path, name: path.name ?? `path_${i + 1}` })));

/** A trait value: any YAML value (kept as it is written). */
const traitValue = z
  .any()
  .transform((value): Json => (value === undefined ? null : (value as Json)));

const updateSchema = strictObject({
  set: z
    .record(z.string().min(1), traitValue, { error: expecting('a mapping of traits') })
    .optional(),
  unset: oneOrMany(z.string().min(1, 'expected a trait name'), 'trait name').optional(),
  points: z.number({ error: expecting('a number of points') }).optional(),
  tags: oneOrMany(z.string().min(1, 'expected a tag'), 'tag').optional(),
}).refine((update) => Object.keys(update).length > 0, 'expected set, unset, points or tags');

const notifySchema = shorthand(
  templateId,
  strictObject({
    channel: z
      .enum(NOTIFY_CHANNELS, { error: `expected a channel: one of ${NOTIFY_CHANNELS.join(', ')}` })
      .default('slack'),
    template: templateId,
    to: z.string().min(1, 'expected a destination name').optional(),
  }),
  'a template id, or { template, channel?: slack | webhook, to? }',
).transform((notify) =>
  typeof notify === 'string' ? { channel: 'slack' as const, template: notify } : notify,
);

export const stepKinds: Record<(typeof STEP_KINDS)[number], z.ZodType> = {
  send: strictObject({ ...base, send: sendSchema })
    .superRefine(checkShow)
    .describe(
      'Send a message: email (default), inapp, webhook or slack; in-app ones can wait for the next login',
    ),
  wait: strictObject({ ...base, wait: waitSchema }).describe(
    'Wait a duration, and/or until a local time of day and weekday in the user’s time zone',
  ),
  wait_until: strictObject({
    ...base,
    wait_until: waitConditionSchema,
    on_timeout: steps.optional(),
  }).describe('Wait for an event or a rule, with a timeout; an already true rule passes through'),
  branch: strictObject({
    ...base,
    branch: z
      .array(branchPath, { error: expecting('a list of { when?, where?, steps }') })
      .min(1, 'expected at least one path'),
  }).describe('The first path whose when (rule) and where (trigger properties) hold'),
  split: strictObject({ ...base, split: splitSchema }).describe(
    'Random paths by percentage, sticky per user',
  ),
  update: strictObject({ ...base, update: updateSchema }).describe(
    'Set or unset traits, add points, add tags',
  ),
  notify: strictObject({ ...base, notify: notifySchema }).describe(
    'Alert the team about this user (Slack or webhook)',
  ),
  exit: strictObject({
    ...base,
    exit: z.union([nameSchema, z.literal(true)], {
      error: (issue) =>
        issue.code === 'invalid_union' ? 'expected an exit reason (snake_case) or true' : undefined,
    }),
  })
    .transform((step) => ({ ...step, exit: step.exit === true ? 'exit_step' : step.exit }))
    .describe('End the run here, with a reason'),
};

/** One step, told apart by its kind key. */
export const stepSchema = keyedUnion<Step>({
  what: 'a step',
  kinds: stepKinds,
  common: ['id', 'description', 'on_timeout'],
});

const nestedStepsSchema: z.ZodType<Step[]> = z.array(stepSchema, {
  error: expecting('a list of steps'),
});

export const stepsSchema = z
  .array(stepSchema, { error: expecting('a list of steps') })
  .min(1, 'expected at least one step');
