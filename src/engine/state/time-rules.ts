import type {
  FirstPerformedRule,
  LastPerformedRule,
  LastSeenRule,
  MilestoneRule,
  SignedUpRule,
  TimeBound,
} from '../../definitions/rule-types.js';
import { age, duration, iso, quoteList } from './describe.js';
import type { EvalContext } from './eval-context.js';
import { allOf, outcome, verdict, type Verdict } from './verdict.js';

type Bound = TimeBound & { within_signup?: number };

/**
 * A moment against time bounds. `within` holds while the moment is less than that long ago, so
 * it turns false exactly at moment + within; `older_than` turns true exactly at moment + older_than.
 */
export function momentVerdict(
  describe: () => string,
  moment: number | null,
  bound: Bound,
  ctx: EvalContext,
): Verdict {
  if (moment === null) return verdict(ctx, false, () => `${describe()}: never`);
  const label = ctx.explain ? describe() : '';
  const ago = ctx.now - moment;
  const parts: Verdict[] = [];
  if (bound.within !== undefined) {
    const holds = ago < bound.within;
    const within = bound.within;
    const fact = () => `${label} ${age(ago)} ago ${outcome(`within ${duration(within)}`, holds)}`;
    parts.push(verdict(ctx, holds, fact, holds ? moment + within : null));
  }
  if (bound.older_than !== undefined) {
    const holds = ago >= bound.older_than;
    const olderThan = bound.older_than;
    const fact = () =>
      `${label} ${age(ago)} ago ${outcome(`older than ${duration(olderThan)}`, holds)}`;
    parts.push(verdict(ctx, holds, fact, holds ? null : moment + olderThan));
  }
  if (bound.within_signup !== undefined) {
    const signup = ctx.state.signupAt;
    const holds = signup !== null && moment - signup <= bound.within_signup;
    const limit = bound.within_signup;
    const fact = () => {
      const after =
        signup === null ? 'with no known signup' : `${age(moment - signup)} after signup`;
      return `${label} ${after} ${outcome(`within ${duration(limit)} of signup`, holds)}`;
    };
    parts.push(verdict(ctx, holds, fact));
  }
  return parts.length ? allOf(parts) : verdict(ctx, true, () => `${label} at ${iso(moment)}`);
}

export function firstPerformed(rule: FirstPerformedRule, ctx: EvalContext): Verdict {
  const times = rule.first_performed
    .map((name) => ctx.profile.counters[name]?.first)
    .filter((t) => t !== undefined);
  const moment = times.length ? Math.min(...times) : null;
  return momentVerdict(
    () => `first performed ${quoteList(rule.first_performed)}`,
    moment,
    rule,
    ctx,
  );
}

export function lastPerformed(rule: LastPerformedRule, ctx: EvalContext): Verdict {
  const times = rule.last_performed
    .map((name) => ctx.profile.counters[name]?.last)
    .filter((t) => t !== undefined);
  const moment = times.length ? Math.max(...times) : null;
  return momentVerdict(() => `last performed ${quoteList(rule.last_performed)}`, moment, rule, ctx);
}

export function milestone(rule: MilestoneRule, ctx: EvalContext): Verdict {
  const reached = ctx.state.milestones[rule.milestone];
  return momentVerdict(() => `milestone ${rule.milestone} reached`, reached?.at ?? null, rule, ctx);
}

export function signedUp(rule: SignedUpRule, ctx: EvalContext): Verdict {
  return momentVerdict(() => 'signed up', ctx.state.signupAt, rule.signed_up, ctx);
}

export function lastSeen(rule: LastSeenRule, ctx: EvalContext): Verdict {
  return momentVerdict(() => 'last seen', ctx.profile.lastSeen, rule.last_seen, ctx);
}
