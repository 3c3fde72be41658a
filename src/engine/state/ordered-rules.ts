import { explainNode, NEVER, outcomeOf, type RuleContext } from './rule-context.js';
import type { OrderedRule } from './state-plan.js';

/**
 * First match wins; a rule without a condition always matches (a default). Returns the index of
 * the match (-1: none). The answer can change only when the matching rule stops holding or an
 * earlier one starts to: later rules do not matter while an earlier one holds, so the times are
 * the earliest among the rules up to the match. When explaining, `ctx.facts` are then the
 * matching rule's.
 */
export function firstMatch(rules: OrderedRule[], ctx: RuleContext): number {
  let changeAt = NEVER;
  let recheckAt = NEVER;
  for (let index = 0; index < rules.length; index++) {
    const test = rules[index]!.test;
    if (!test) {
      if (ctx.explain) ctx.facts = ['default rule (no condition)'];
      outcomeOf(ctx, true, changeAt, recheckAt);
      return index;
    }
    if (ctx.explain) ctx.facts = [];
    const value = test(ctx);
    if (ctx.changeAt < changeAt) changeAt = ctx.changeAt;
    if (ctx.recheckAt < recheckAt) recheckAt = ctx.recheckAt;
    if (value) {
      outcomeOf(ctx, true, changeAt, recheckAt);
      return index;
    }
  }
  if (ctx.explain) ctx.facts = ['no rule matches'];
  outcomeOf(ctx, false, changeAt, recheckAt);
  return -1;
}

/** Why a rule does not hold now (or does): its facts, evaluated with explanations. */
export function ruleFacts(rules: OrderedRule[], index: number, ctx: RuleContext): string[] {
  const test = rules[index]?.test;
  return test ? explainNode(ctx, test) : [];
}
