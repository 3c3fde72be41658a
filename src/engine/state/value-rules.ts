import type {
  AccountScoreRule,
  AccountTraitRule,
  ActivatedRule,
  AnswerRule,
  NumberComparison,
  ScoreRule,
  TraitRule,
} from '../../definitions/rule-types.js';
import type { RuleNode } from './combine-rules.js';
import { describeTest, showValue } from './compare.js';
import { crossingTime, scoreAt } from './decay.js';
import { points } from './describe.js';
import { decided, NEVER, outcomeOf, type RuleContext } from './rule-context.js';
import type { ScoreState } from './user-state.js';
import { compilePath, compileTest, type ValueTest } from './value-test.js';
import { outcome } from './verdict.js';

export function traitNode(rule: TraitRule): RuleNode {
  const read = compilePath(rule.trait);
  const test = compileTest(rule);
  return (ctx) => {
    const value = read(ctx.profile.traits);
    const holds = test(value);
    if (ctx.explain)
      ctx.facts.push(
        `trait ${rule.trait} = ${showValue(value)} ${outcome(describeTest(rule), holds)}`,
      );
    return decided(ctx, holds, NEVER);
  };
}

/** Holds when one of the user's accounts passes; the facts name those that pass (or all). */
export function accountTraitNode(rule: AccountTraitRule): RuleNode {
  const name = rule.account_trait;
  const read = compilePath(name);
  const test = compileTest(rule);
  return (ctx) => {
    if (ctx.accounts.length === 0) {
      if (ctx.explain)
        ctx.facts.push(`account trait ${name}: no account ${outcome(describeTest(rule), false)}`);
      return decided(ctx, false, NEVER);
    }
    let holds = false;
    for (const account of ctx.accounts) if (test(read(account.traits))) holds = true;
    if (ctx.explain) {
      for (const account of ctx.accounts) {
        const value = read(account.traits);
        const passes = test(value);
        if (!holds || passes)
          ctx.facts.push(
            `account ${account.id} trait ${name} = ${showValue(value)} ${outcome(describeTest(rule), passes)}`,
          );
      }
    }
    return decided(ctx, holds, NEVER);
  };
}

export function answerNode(rule: AnswerRule): RuleNode {
  const test = compileTest(rule);
  return (ctx) => {
    const value = ctx.state.answers[rule.answer]?.value;
    const holds = test(value);
    if (ctx.explain)
      ctx.facts.push(
        `answer to ${rule.answer} = ${showValue(value)} ${outcome(describeTest(rule), holds)}`,
      );
    return decided(ctx, holds, NEVER);
  };
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
function scoreOutcome(
  ctx: RuleContext,
  score: ScoreState,
  test: NumberComparison,
  passes: ValueTest,
): boolean {
  const halfLife = ctx.plan.definitions.score!.half_life;
  const value = scoreAt(score, ctx.now, halfLife);
  const holds = passes(value);
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

export function scoreNode(rule: ScoreRule): RuleNode {
  const passes = compileTest(rule.score);
  return (ctx) => {
    const holds = scoreOutcome(ctx, ctx.state.score, rule.score, passes);
    if (ctx.explain) ctx.facts.push(scoreFact('score', ctx, ctx.state.score, rule.score, holds));
    return holds;
  };
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
export function accountScoreNode(rule: AccountScoreRule): RuleNode {
  const passes = compileTest(rule.account_score);
  return (ctx) => accountScore(rule, passes, ctx);
}

function accountScore(rule: AccountScoreRule, passes: ValueTest, ctx: RuleContext): boolean {
  if (ctx.accounts.length === 0) {
    if (ctx.explain) ctx.facts.push('account score: no account');
    return decided(ctx, false, NEVER);
  }
  let holds = false;
  let earliest = NEVER;
  let latestHolding = -Infinity;
  let recheckAt = NEVER;
  for (const account of ctx.accounts) {
    const pass = scoreOutcome(ctx, account.score, rule.account_score, passes);
    earliest = Math.min(earliest, ctx.changeAt);
    recheckAt = Math.min(recheckAt, ctx.recheckAt);
    if (pass) {
      holds = true;
      latestHolding = Math.max(latestHolding, ctx.changeAt);
    }
  }
  if (ctx.explain) {
    for (const account of ctx.accounts) {
      const pass = scoreOutcome(ctx, account.score, rule.account_score, passes);
      if (!holds || pass)
        ctx.facts.push(
          scoreFact(`account ${account.id} score`, ctx, account.score, rule.account_score, pass),
        );
    }
  }
  return outcomeOf(ctx, holds, holds ? latestHolding : earliest, recheckAt);
}
