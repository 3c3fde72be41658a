import { z } from 'zod';
import { expecting } from './error-map.js';
import {
  COMPARATORS,
  NUMBER_COMPARATORS,
  comparisonShape,
  numberComparisonShape,
  oneOfMessage,
  requireOneOf,
} from './comparison.js';
import { durationSchema } from './duration.js';
import { ENGAGEMENT_STAGES } from './engagement-stages.js';
import { LIFECYCLE_STAGES } from './lifecycle-stages.js';
import { eventNameSchema, nameSchema, oneOrMany, strictObject } from './primitives.js';
import type { Rule, RuleOperator } from './rule-types.js';

/** The largest count a windowed `performed` rule may ask for: the engine keeps that many times. */
export const MAX_WINDOW_COUNT = 1000;

const count = z
  .number({ error: expecting('a whole number') })
  .int('expected a whole number')
  .min(0, 'expected a whole number ≥ 0');
const events = oneOrMany(eventNameSchema, 'event name');
const timeBound = { within: durationSchema.optional(), older_than: durationSchema.optional() };
const TIME_KEYS = ['within', 'older_than'];
const stageName = z.enum([...LIFECYCLE_STAGES, ...ENGAGEMENT_STAGES], {
  error: `expected a stage: one of ${[...LIFECYCLE_STAGES, ...ENGAGEMENT_STAGES].join(', ')}`,
});

const numberComparison = strictObject(numberComparisonShape).refine(
  requireOneOf(NUMBER_COMPARATORS),
  oneOfMessage(NUMBER_COMPARATORS),
);
const timeBoundObject = strictObject(timeBound).refine(requireOneOf(TIME_KEYS), {
  message: 'expected within or older_than',
});

const windowed = (rule: { at_least?: number; at_most?: number; within?: number }) =>
  rule.within === undefined ||
  Math.max(rule.at_least ?? 1, (rule.at_most ?? -1) + 1) <= MAX_WINDOW_COUNT;

/**
 * One schema per operator, each a strict object keyed by its operator. `rule` is the recursive
 * rule schema (for all / any / not).
 */
export function ruleKindSchemas(rule: z.ZodType<Rule>): Record<RuleOperator, z.ZodType> {
  const kinds = ruleKindShapes(rule);
  for (const operator of Object.keys(kinds) as RuleOperator[]) {
    kinds[operator] = kinds[operator].describe(RULE_DESCRIPTIONS[operator]);
  }
  return kinds;
}

/** Shown by editors (through the JSON Schema) next to each operator. */
const RULE_DESCRIPTIONS: Record<RuleOperator, string> = {
  all: 'Every rule in the list holds.',
  any: 'At least one rule in the list holds.',
  not: 'The rule does not hold.',
  trait: 'A profile trait compared with equals, in, exists, gt, gte, lt, lte or contains.',
  account_trait: "A trait of one of the user's accounts, compared like a trait.",
  answer: 'The answer to a qualifier question: equals, in or exists.',
  performed:
    'How many times events happened, ever or within a window: at_least (default 1), at_most.',
  first_performed: 'When the events first happened: within, older_than, within_signup.',
  last_performed: 'When the events last happened: within, older_than.',
  milestone: 'A milestone was reached (optionally within, older_than, within_signup).',
  activated: 'The user is (true) or is not (false) activated.',
  persona: 'The user has one of these personas (in any dimension).',
  stage: 'The user is in one of these lifecycle or engagement stages.',
  segment: 'The user is a member of another segment.',
  score: 'The behavioral score, decayed to now: gt, gte, lt, lte.',
  account_score: "The score of one of the user's accounts: gt, gte, lt, lte.",
  signed_up: 'Time since signup: within or older_than.',
  last_seen: 'Time since the last event: within or older_than.',
  active_days: 'Distinct active days within a window: at_least, at_most.',
};

function ruleKindShapes(rule: z.ZodType<Rule>): Record<RuleOperator, z.ZodType> {
  const rules = z
    .array(rule, { error: expecting('a list of rules') })
    .min(1, 'expected at least one rule');
  return {
    all: strictObject({ all: rules }),
    any: strictObject({ any: rules }),
    not: strictObject({ not: rule }),
    trait: strictObject({
      trait: z.string().min(1, 'expected a trait name'),
      ...comparisonShape,
    }).refine(requireOneOf(COMPARATORS), oneOfMessage(COMPARATORS)),
    account_trait: strictObject({
      account_trait: z.string().min(1, 'expected a trait name'),
      ...comparisonShape,
    }).refine(requireOneOf(COMPARATORS), oneOfMessage(COMPARATORS)),
    answer: strictObject({
      answer: nameSchema,
      equals: z.string({ error: expecting('an answer') }).optional(),
      in: z
        .array(z.string({ error: expecting('an answer') }))
        .min(1)
        .optional(),
      exists: z.boolean({ error: expecting('true or false') }).optional(),
    }).refine(requireOneOf(['equals', 'in', 'exists']), oneOfMessage(['equals', 'in', 'exists'])),
    performed: strictObject({
      performed: events,
      at_least: count.min(1, 'expected a whole number ≥ 1').optional(),
      at_most: count.optional(),
      within: durationSchema.optional(),
    }).refine(windowed, `a windowed count may ask for at most ${MAX_WINDOW_COUNT} events`),
    first_performed: strictObject({
      first_performed: events,
      ...timeBound,
      within_signup: durationSchema.optional(),
    }),
    last_performed: strictObject({ last_performed: events, ...timeBound }),
    milestone: strictObject({
      milestone: nameSchema,
      ...timeBound,
      within_signup: durationSchema.optional(),
    }),
    activated: strictObject({ activated: z.boolean({ error: expecting('true or false') }) }),
    persona: strictObject({ persona: oneOrMany(nameSchema, 'persona name') }),
    stage: strictObject({ stage: oneOrMany(stageName, 'stage') }),
    segment: strictObject({ segment: nameSchema }),
    score: strictObject({ score: numberComparison }),
    account_score: strictObject({ account_score: numberComparison }),
    signed_up: strictObject({ signed_up: timeBoundObject }),
    last_seen: strictObject({ last_seen: timeBoundObject }),
    active_days: strictObject({
      active_days: strictObject({
        at_least: count.min(1, 'expected a whole number ≥ 1').optional(),
        at_most: count.optional(),
        within: durationSchema,
      }),
    }),
  };
}
