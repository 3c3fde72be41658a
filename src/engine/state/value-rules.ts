import type {
  AccountScoreRule,
  AccountTraitRule,
  ActivatedRule,
  AnswerRule,
  NumberComparison,
  ScoreRule,
  TraitRule,
} from '../../definitions/rule-types.js';
import { compare, describeTest, lookup, showValue } from './compare.js';
import { crossingTime, scoreAt } from './decay.js';
import { points } from './describe.js';
import { decided, NEVER, outcomeOf, type RuleContext } from './rule-context.js';
import type { ScoreState } from './user-state.js';
import { outcome } from './verdict.js';

export function trait(rule: TraitRule, ctx: RuleContext): boolean {
  const value = lookup(ctx.profile.traits, rule.trait);
  const holds = compare(value, rule);
  if (ctx.explain)
    ctx.facts.push(
      `trait ${rule.trait} = ${showValue(value)} ${outcome(describeTest(rule), holds)}`,
    );
  return decided(ctx, holds, NEVER);
}

/** Holds when one of the user's accounts passes; the facts name those that pass (or all). */
export function accountTrait(rule: AccountTraitRule, ctx: RuleContext): boolean {
  const name = rule.account_trait;
  if (ctx.accounts.length === 0) {
    if (ctx.explain)
      ctx.facts.push(`account trait ${name}: no account ${outcome(describeTest(rule), false)}`);
    return decided(ctx, false, NEVER);
  }
  let holds = false;
  for (const account of ctx.accounts) if (compare(lookup(account.traits, name), rule)) holds = true;
  if (ctx.explain) {
    for (const account of ctx.accounts) {
      const value = lookup(account.traits, name);
      const passes = compare(value, rule);
      if (!holds || passes)
        ctx.facts.push(
          `account ${account.id} trait ${name} = ${showValue(value)} ${outcome(describeTest(rule), passes)}`,
        );
    }
  }
  return decided(ctx, holds, NEVER);
}

export function answer(rule: AnswerRule, ctx: RuleContext): boolean {
  const value = ctx.state.answers[rule.answer]?.value;
  const holds = compare(value, rule);
  if (ctx.explain)
    ctx.facts.push(
      `answer to ${rule.answer} = ${showValue(value)} ${outcome(describeTest(rule), holds)}`,
    );
  return decided(ctx, holds, NEVER);
}

export function activated(rule: ActivatedRule, ctx: RuleContext): boolean {
  const status = ctx.state.activation?.status ?? 'pending';
  const holds = (status === 'activated') === rule.activated;
  if (ctx.explain)
    ctx.facts.push(
      `activation ${status} ${outcome(rule.activated ? 'activated' : 'not activated', holds)}`,
    );
  return decided(ctx, holds, NEVER);
}

/**
 * A decaying score against bounds: the answer can change when decay carries it past a bound.
 * That moment is computed from the score decayed to `now`, so in floating point it can move by a
 * millisecond from one evaluation to the next: the evaluation is only good for this `now`.
 */
function scoreOutcome(ctx: RuleContext, score: ScoreState, test: NumberComparison): boolean {
  const halfLife = ctx.plan.definitions.score!.half_life;
  const value = scoreAt(score, ctx.now, halfLife);
  const holds = compare(value, test);
  let changeAt = NEVER;
  changeAt = earlierCrossing(changeAt, value, ctx.now, test.gt, halfLife);
  changeAt = earlierCrossing(changeAt, value, ctx.now, test.gte, halfLife);
  changeAt = earlierCrossing(changeAt, value, ctx.now, test.lt, halfLife);
  changeAt = earlierCrossing(changeAt, value, ctx.now, test.lte, halfLife);
  ctx.changeAt = changeAt;
  ctx.recheckAt = changeAt === NEVER ? NEVER : ctx.now;
  return holds;
}

function earlierCrossing(
  changeAt: number,
  value: number,
  now: number,
  bound: number | undefined,
  halfLife: number,
): number {
  if (bound === undefined) return changeAt;
  const crossing = crossingTime(value, now, bound, halfLife);
  return crossing !== null && crossing < changeAt ? crossing : changeAt;
}

export function score(rule: ScoreRule, ctx: RuleContext): boolean {
  const holds = scoreOutcome(ctx, ctx.state.score, rule.score);
  if (ctx.explain) ctx.facts.push(scoreFact('score', ctx, ctx.state.score, rule.score, holds));
  return holds;
}

function scoreFact(
  label: string,
  ctx: RuleContext,
  score: ScoreState,
  test: NumberComparison,
  holds: boolean,
): string {
  const value = scoreAt(score, ctx.now, ctx.plan.definitions.score!.half_life);
  return `${label} ${points(value)} ${outcome(describeTest(test), holds)}`;
}

/** Holds when one of the user's accounts' scores passes (an `any` over the accounts). */
export function accountScore(rule: AccountScoreRule, ctx: RuleContext): boolean {
  if (ctx.accounts.length === 0) {
    if (ctx.explain) ctx.facts.push('account score: no account');
    return decided(ctx, false, NEVER);
  }
  let holds = false;
  let earliest = NEVER;
  let latestHolding = -Infinity;
  let recheckAt = NEVER;
  for (const account of ctx.accounts) {
    const passes = scoreOutcome(ctx, account.score, rule.account_score);
    earliest = Math.min(earliest, ctx.changeAt);
    recheckAt = Math.min(recheckAt, ctx.recheckAt);
    if (passes) {
      holds = true;
      latestHolding = Math.max(latestHolding, ctx.changeAt);
    }
  }
  if (ctx.explain) {
    for (const account of ctx.accounts) {
      const passes = scoreOutcome(ctx, account.score, rule.account_score);
      if (!holds || passes)
        ctx.facts.push(
          scoreFact(`account ${account.id} score`, ctx, account.score, rule.account_score, passes),
        );
    }
  }
  return outcomeOf(ctx, holds, holds ? latestHolding : earliest, recheckAt);
}
