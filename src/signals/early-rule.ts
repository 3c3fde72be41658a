import type { Json, JsonObject } from '../core/types.js';
import type { Definitions } from '../definitions/index.js';
import type { Rule } from '../definitions/rule-types.js';
import { compare, lookup } from '../engine/state/compare.js';
import { ownValue } from '../core/own-key.js';
import { AnalyticsInputError } from '../analytics/analytics-input-error.js';

/**
 * A rule of cairn.yaml's language read as of one moment of a user's past: the end of their
 * first hours (signup + window). Event rules count only what happened by then; milestones and
 * activation count when reached by then. Traits, account traits and qualifier answers are the
 * current ones (the profile keeps no history of them): answers are given at signup, and traits
 * that change later (a plan) are better left out of a first-hours rule. Operators whose value
 * at a past moment Cairn does not keep (score, stage, persona, last seen, active days) are
 * refused with a message naming them.
 */
export interface EarlyUser {
  signupAt: number;
  /** Activity name → times, ascending (all up to signup + the read horizon). */
  actions: ReadonlyMap<string, readonly number[]>;
  milestones: Readonly<Record<string, number>>;
  activatedAt: number | null;
  traits: JsonObject;
  answers: Readonly<Record<string, string>>;
  /** Traits of each of the user's accounts. */
  accountTraits: readonly JsonObject[];
}

const UNSUPPORTED = ['persona', 'stage', 'score', 'account_score', 'last_seen', 'active_days'];

/** Throws AnalyticsInputError (field `field`) for a rule that cannot be read at a past moment. */
export function checkEarlyRule(
  rule: Rule,
  definitions: Definitions,
  field: string,
  seen = new Set<string>(),
): void {
  const operator = Object.keys(rule)[0]!;
  if (UNSUPPORTED.includes(operator)) {
    throw new AnalyticsInputError(
      field,
      `"${operator}" cannot be read as of the end of the first hours (Cairn keeps no history of it); use events, milestones, activated, answers or traits`,
    );
  }
  const r = rule as unknown as Record<string, unknown>;
  if ('all' in r) for (const x of r.all as Rule[]) checkEarlyRule(x, definitions, field, seen);
  if ('any' in r) for (const x of r.any as Rule[]) checkEarlyRule(x, definitions, field, seen);
  if ('not' in r) checkEarlyRule(r.not as Rule, definitions, field, seen);
  if ('segment' in r) {
    const name = r.segment as string;
    const segment = Object.hasOwn(definitions.segments, name)
      ? definitions.segments[name]
      : undefined;
    if (!segment)
      throw new AnalyticsInputError(
        field,
        `no segment named ${JSON.stringify(name)} in cairn.yaml`,
      );
    if (seen.has(name)) throw new AnalyticsInputError(field, `segment ${name} refers to itself`);
    seen.add(name);
    checkEarlyRule(segment.when, definitions, field, seen);
    seen.delete(name);
  }
}

/**
 * The activity names whose times the rule reads (performed, first_performed, last_performed,
 * through all, any, not and segments), sorted; for a rule already checked by checkEarlyRule.
 */
export function earlyRuleNames(rule: Rule, definitions: Definitions): string[] {
  const names = new Set<string>();
  const walk = (x: Rule): void => {
    const r = x as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    if ('all' in r) for (const y of r.all as Rule[]) walk(y);
    if ('any' in r) for (const y of r.any as Rule[]) walk(y);
    if ('not' in r) walk(r.not as Rule);
    if ('segment' in r) walk(definitions.segments[r.segment as string]!.when);
    for (const key of ['performed', 'first_performed', 'last_performed'])
      if (key in r) for (const name of r[key] as string[]) names.add(name);
  };
  walk(rule);
  return [...names].sort();
}

/**
 * Whether the rule reads traits, qualifier answers or account traits (through all, any, not and
 * segments): only then are the profile and account documents read; for a rule already checked
 * by checkEarlyRule.
 */
export function earlyRuleReadsProfile(rule: Rule, definitions: Definitions): boolean {
  const r = rule as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if ('trait' in r || 'answer' in r || 'account_trait' in r) return true;
  if ('all' in r) return (r.all as Rule[]).some((x) => earlyRuleReadsProfile(x, definitions));
  if ('any' in r) return (r.any as Rule[]).some((x) => earlyRuleReadsProfile(x, definitions));
  if ('not' in r) return earlyRuleReadsProfile(r.not as Rule, definitions);
  if ('segment' in r)
    return earlyRuleReadsProfile(definitions.segments[r.segment as string]!.when, definitions);
  return false;
}

/** Whether the rule holds for the user at `at` (a rule already checked by checkEarlyRule). */
export function earlyRuleHolds(
  rule: Rule,
  user: EarlyUser,
  at: number,
  definitions: Definitions,
): boolean {
  const r = rule as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if ('all' in r) return (r.all as Rule[]).every((x) => earlyRuleHolds(x, user, at, definitions));
  if ('any' in r) return (r.any as Rule[]).some((x) => earlyRuleHolds(x, user, at, definitions));
  if ('not' in r) return !earlyRuleHolds(r.not as Rule, user, at, definitions);
  if ('segment' in r)
    return earlyRuleHolds(definitions.segments[r.segment as string]!.when, user, at, definitions);
  if ('trait' in r) return compare(lookup(user.traits, r.trait as string), r);
  if ('account_trait' in r)
    return user.accountTraits.some((traits) =>
      compare(lookup(traits, r.account_trait as string), r),
    );
  if ('answer' in r)
    return compare(ownValue(user.answers, r.answer as string) as Json | undefined, r);
  if ('activated' in r)
    return (user.activatedAt !== null && user.activatedAt <= at) === r.activated;
  if ('performed' in r) {
    const from = r.within === undefined ? -Infinity : at - (r.within as number);
    let count = 0;
    for (const name of r.performed as string[])
      for (const t of user.actions.get(name) ?? []) if (t > from && t <= at) count++;
    const atLeast = r.at_least ?? (r.at_most === undefined ? 1 : undefined);
    return (
      (atLeast === undefined || count >= atLeast) && (r.at_most === undefined || count <= r.at_most)
    );
  }
  if ('first_performed' in r) {
    let moment: number | null = null;
    for (const name of r.first_performed as string[]) {
      const first = user.actions.get(name)?.[0];
      if (first !== undefined && first <= at && (moment === null || first < moment)) moment = first;
    }
    return momentHolds(moment, r, user, at);
  }
  if ('last_performed' in r) {
    let moment: number | null = null;
    for (const name of r.last_performed as string[]) {
      for (const t of user.actions.get(name) ?? [])
        if (t <= at && (moment === null || t > moment)) moment = t;
    }
    return momentHolds(moment, r, user, at);
  }
  if ('milestone' in r) {
    const reached = ownValue(user.milestones, r.milestone as string);
    return momentHolds(reached !== undefined && reached <= at ? reached : null, r, user, at);
  }
  if ('signed_up' in r) return momentHolds(user.signupAt, r.signed_up, user, at);
  throw new Error(`unchecked rule operator ${Object.keys(r)[0]}`);
}

/** The engine's moment bounds (time-rules.ts): within, older_than, within_signup. */
function momentHolds(
  moment: number | null,
  bound: { within?: number; older_than?: number; within_signup?: number },
  user: EarlyUser,
  at: number,
): boolean {
  if (moment === null) return false;
  const ago = at - moment;
  if (bound.within !== undefined && !(ago < bound.within)) return false;
  if (bound.older_than !== undefined && !(ago >= bound.older_than)) return false;
  if (bound.within_signup !== undefined && !(moment - user.signupAt <= bound.within_signup))
    return false;
  return true;
}
