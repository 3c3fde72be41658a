import type {
  FirstPerformedRule,
  LastPerformedRule,
  LastSeenRule,
  MilestoneRule,
  SignedUpRule,
} from '../../definitions/rule-types.js';
import { age, duration, iso, quoteList } from './describe.js';
import type { RuleNode } from './combine-rules.js';
import { decided, NEVER, outcomeOf, type RuleContext } from './rule-context.js';
import { outcome } from './verdict.js';
import { ownValue } from '../../core/own-key.js';

interface Bound {
  within?: number;
  older_than?: number;
  within_signup?: number;
}

/**
 * A moment against time bounds (all must hold). `within` holds while the moment is less than
 * that long ago, so it turns false exactly at moment + within; `older_than` turns true exactly at
 * moment + older_than; `within_signup` does not change with time. Each bound keeps its answer
 * until its own change, so the recheck is the earliest of them.
 */
function momentRule(ctx: RuleContext, label: string, moment: number | null, bound: Bound): boolean {
  if (moment === null) {
    if (ctx.explain) ctx.facts.push(`${label}: never`);
    return decided(ctx, false, NEVER);
  }
  const { within, older_than: olderThan, within_signup: withinSignup } = bound;
  if (within === undefined && olderThan === undefined && withinSignup === undefined) {
    if (ctx.explain) ctx.facts.push(`${label} at ${iso(moment)}`);
    return decided(ctx, true, NEVER);
  }
  const ago = ctx.now - moment;
  let holds = true;
  let earliest = NEVER;
  let latestFailing = -Infinity;
  const withinHolds = within === undefined || ago < within;
  const olderHolds = olderThan === undefined || ago >= olderThan;
  const signup = ctx.state.signupAt;
  const signupHolds =
    withinSignup === undefined || (signup !== null && moment - signup <= withinSignup);
  if (within !== undefined) {
    const changeAt = withinHolds ? moment + within : NEVER;
    earliest = Math.min(earliest, changeAt);
    if (!withinHolds) {
      holds = false;
      latestFailing = Math.max(latestFailing, changeAt);
    }
  }
  if (olderThan !== undefined) {
    const changeAt = olderHolds ? NEVER : moment + olderThan;
    earliest = Math.min(earliest, changeAt);
    if (!olderHolds) {
      holds = false;
      latestFailing = Math.max(latestFailing, changeAt);
    }
  }
  if (!signupHolds) {
    holds = false;
    latestFailing = NEVER;
  }
  if (ctx.explain) {
    // The facts of the bounds that decide: all of them when the moment passes, else the failing.
    if (within !== undefined && (holds || !withinHolds))
      ctx.facts.push(
        `${label} ${age(ago)} ago ${outcome(`within ${duration(within)}`, withinHolds)}`,
      );
    if (olderThan !== undefined && (holds || !olderHolds))
      ctx.facts.push(
        `${label} ${age(ago)} ago ${outcome(`older than ${duration(olderThan)}`, olderHolds)}`,
      );
    if (withinSignup !== undefined && (holds || !signupHolds)) {
      const after =
        signup === null ? 'with no known signup' : `${age(moment - signup)} after signup`;
      ctx.facts.push(
        `${label} ${after} ${outcome(`within ${duration(withinSignup)} of signup`, signupHolds)}`,
      );
    }
  }
  return outcomeOf(ctx, holds, holds ? earliest : latestFailing, earliest);
}

export function firstPerformedNode(rule: FirstPerformedRule): RuleNode {
  const label = `first performed ${quoteList(rule.first_performed)}`;
  const names = rule.first_performed;
  return (ctx) => {
    let moment: number | null = null;
    for (let i = 0; i < names.length; i++) {
      const first = ownValue(ctx.profile.counters, names[i]!)?.first;
      if (first !== undefined && (moment === null || first < moment)) moment = first;
    }
    return momentRule(ctx, label, moment, rule);
  };
}

export function lastPerformedNode(rule: LastPerformedRule): RuleNode {
  const label = `last performed ${quoteList(rule.last_performed)}`;
  const names = rule.last_performed;
  return (ctx) => {
    let moment: number | null = null;
    for (let i = 0; i < names.length; i++) {
      const last = ownValue(ctx.profile.counters, names[i]!)?.last;
      if (last !== undefined && (moment === null || last > moment)) moment = last;
    }
    return momentRule(ctx, label, moment, rule);
  };
}

export function milestoneNode(rule: MilestoneRule): RuleNode {
  const label = `milestone ${rule.milestone} reached`;
  return (ctx) => momentRule(ctx, label, ctx.state.milestones[rule.milestone]?.at ?? null, rule);
}

export function signedUpNode(rule: SignedUpRule): RuleNode {
  return (ctx) => momentRule(ctx, 'signed up', ctx.state.signupAt, rule.signed_up);
}

export function lastSeenNode(rule: LastSeenRule): RuleNode {
  return (ctx) => momentRule(ctx, 'last seen', ctx.profile.lastSeen, rule.last_seen);
}
