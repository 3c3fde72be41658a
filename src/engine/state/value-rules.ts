import type {
  AccountScoreRule,
  AccountTraitRule,
  ActivatedRule,
  AnswerRule,
  ScoreRule,
  TraitRule,
} from '../../definitions/rule-types.js';
import { compare, describeTest, lookup, showValue } from './compare.js';
import { crossingTime, scoreAt } from './decay.js';
import { points } from './describe.js';
import type { EvalContext } from './eval-context.js';
import type { ScoreState } from './user-state.js';
import { anyOf, earliest, outcome, verdict, type Verdict } from './verdict.js';

export function trait(rule: TraitRule, ctx: EvalContext): Verdict {
  const value = lookup(ctx.profile.traits, rule.trait);
  const holds = compare(value, rule);
  return verdict(
    ctx,
    holds,
    () => `trait ${rule.trait} = ${showValue(value)} ${outcome(describeTest(rule), holds)}`,
  );
}

/** Holds when one of the user's accounts passes. */
export function accountTrait(rule: AccountTraitRule, ctx: EvalContext): Verdict {
  const name = rule.account_trait;
  if (ctx.accounts.length === 0) {
    return verdict(
      ctx,
      false,
      () => `account trait ${name}: no account ${outcome(describeTest(rule), false)}`,
    );
  }
  return anyOf(
    ctx.accounts.map((account) => {
      const value = lookup(account.traits, name);
      const holds = compare(value, rule);
      const fact = () =>
        `account ${account.id} trait ${name} = ${showValue(value)} ${outcome(describeTest(rule), holds)}`;
      return verdict(ctx, holds, fact);
    }),
  );
}

export function answer(rule: AnswerRule, ctx: EvalContext): Verdict {
  const value = ctx.state.answers[rule.answer]?.value;
  const holds = compare(value, rule);
  return verdict(
    ctx,
    holds,
    () => `answer to ${rule.answer} = ${showValue(value)} ${outcome(describeTest(rule), holds)}`,
  );
}

export function activated(rule: ActivatedRule, ctx: EvalContext): Verdict {
  const status = ctx.state.activation?.status ?? 'pending';
  const holds = (status === 'activated') === rule.activated;
  return verdict(
    ctx,
    holds,
    () => `activation ${status} ${outcome(rule.activated ? 'activated' : 'not activated', holds)}`,
  );
}

/** A decaying score against bounds: the answer can change when decay carries it past a bound. */
function scoreVerdict(
  label: string,
  score: ScoreState,
  test: ScoreRule['score'],
  ctx: EvalContext,
): Verdict {
  const halfLife = ctx.plan.definitions.score!.half_life;
  const value = scoreAt(score, ctx.now, halfLife);
  const holds = compare(value, test);
  let changeAt: number | null = null;
  for (const bound of [test.gt, test.gte, test.lt, test.lte]) {
    if (bound !== undefined)
      changeAt = earliest(changeAt, crossingTime(value, ctx.now, bound, halfLife));
  }
  return verdict(
    ctx,
    holds,
    () => `${label} ${points(value)} ${outcome(describeTest(test), holds)}`,
    changeAt,
  );
}

export function score(rule: ScoreRule, ctx: EvalContext): Verdict {
  return scoreVerdict('score', ctx.state.score, rule.score, ctx);
}

export function accountScore(rule: AccountScoreRule, ctx: EvalContext): Verdict {
  if (ctx.accounts.length === 0) return verdict(ctx, false, () => 'account score: no account');
  return anyOf(
    ctx.accounts.map((account) =>
      scoreVerdict(`account ${account.id} score`, account.score, rule.account_score, ctx),
    ),
  );
}
