import type { EvalContext } from './eval-context.js';
import type { OrderedRule } from './state-plan.js';
import { earliest } from './verdict.js';

export interface OrderedMatch {
  /** Index of the first rule that holds, or null. */
  index: number | null;
  /** The facts of the matching rule (when explaining). */
  facts: readonly string[];
  /**
   * The answer can change only when the matching rule stops holding or an earlier one starts
   * to; later rules do not matter while an earlier one holds.
   */
  changeAt: number | null;
}

/** First match wins. A rule without a condition always matches (a default). */
export function firstMatch(rules: OrderedRule[], ctx: EvalContext): OrderedMatch {
  let changeAt: number | null = null;
  for (const [index, { test }] of rules.entries()) {
    if (!test)
      return { index, facts: ctx.explain ? ['default rule (no condition)'] : [], changeAt };
    const result = test(ctx);
    changeAt = earliest(changeAt, result.changeAt);
    if (result.value) return { index, facts: result.facts, changeAt };
  }
  return { index: null, facts: ctx.explain ? ['no rule matches'] : [], changeAt };
}

/** Why a rule does not hold now (or does): its facts, evaluated with explanations. */
export function ruleFacts(
  rules: OrderedRule[],
  index: number,
  ctx: EvalContext,
): readonly string[] {
  const test = rules[index]?.test;
  return test ? explaining(ctx, () => test(ctx).facts) : [];
}

/** Runs `fn` with explanations on: used only when a change is reported. */
export function explaining<T>(ctx: EvalContext, fn: () => T): T {
  if (ctx.explain) return fn();
  ctx.explain = true;
  try {
    return fn();
  } finally {
    ctx.explain = false;
  }
}
