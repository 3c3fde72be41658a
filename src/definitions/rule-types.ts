import type { Comparison } from './comparison.js';

/**
 * The rule language shared by personas, stages and segments. A rule is a YAML object with exactly
 * one operator key (`all`, `performed`, `trait`…) plus that operator's options. Durations are in
 * milliseconds once parsed.
 */
export type Rule =
  | AllRule
  | AnyRule
  | NotRule
  | TraitRule
  | AccountTraitRule
  | AnswerRule
  | PerformedRule
  | FirstPerformedRule
  | LastPerformedRule
  | MilestoneRule
  | ActivatedRule
  | PersonaRule
  | StageRule
  | SegmentRule
  | ScoreRule
  | AccountScoreRule
  | SignedUpRule
  | LastSeenRule
  | ActiveDaysRule;

export interface AllRule {
  all: Rule[];
}
export interface AnyRule {
  any: Rule[];
}
export interface NotRule {
  not: Rule;
}
/** A profile trait (dotted paths reach nested objects). */
export interface TraitRule extends Comparison {
  trait: string;
}
/** A trait of one of the user's accounts. */
export interface AccountTraitRule extends Comparison {
  account_trait: string;
}
/** The answer to a qualifier question. */
export interface AnswerRule {
  answer: string;
  equals?: string;
  in?: string[];
  exists?: boolean;
}
/** How many times the events happened: ever, or in the last `within`. Default: at least once. */
export interface PerformedRule {
  performed: string[];
  at_least?: number;
  at_most?: number;
  within?: number;
}
/** A time bound on a moment: `within` = less than this long ago, `older_than` = at least. */
export interface TimeBound {
  within?: number;
  older_than?: number;
}
/** When any of the events happened first. `within_signup`: at most this long after signup. */
export interface FirstPerformedRule extends TimeBound {
  first_performed: string[];
  within_signup?: number;
}
export interface LastPerformedRule extends TimeBound {
  last_performed: string[];
}
export interface MilestoneRule extends TimeBound {
  milestone: string;
  within_signup?: number;
}
export interface ActivatedRule {
  activated: boolean;
}
export interface PersonaRule {
  persona: string[];
}
/** A lifecycle or engagement stage (their names do not overlap). */
export interface StageRule {
  stage: string[];
}
export interface SegmentRule {
  segment: string;
}
export interface NumberComparison {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}
export interface ScoreRule {
  score: NumberComparison;
}
/** The score of one of the user's accounts. */
export interface AccountScoreRule {
  account_score: NumberComparison;
}
export interface SignedUpRule {
  signed_up: TimeBound;
}
export interface LastSeenRule {
  last_seen: TimeBound;
}
/** Distinct active days in the last `within` (whole days, UTC). */
export interface ActiveDaysRule {
  active_days: { at_least?: number; at_most?: number; within: number };
}

/** The operator keys, in the order they are listed in errors. */
export const RULE_OPERATORS = [
  'all',
  'any',
  'not',
  'trait',
  'account_trait',
  'answer',
  'performed',
  'first_performed',
  'last_performed',
  'milestone',
  'activated',
  'persona',
  'stage',
  'segment',
  'score',
  'account_score',
  'signed_up',
  'last_seen',
  'active_days',
] as const;

export type RuleOperator = (typeof RULE_OPERATORS)[number];
