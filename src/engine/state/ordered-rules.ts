import type { Rule } from '../../definitions/rule-types.js';
import type { EvalContext } from './eval-context.js';
import { evaluateRule } from './evaluate-rule.js';
import { earliest } from './verdict.js';

export interface OrderedMatch {
  /** Index of the first rule that holds, or null. */
  index: number | null;
  facts: string[];
  /**
   * The answer can change only when the matching rule stops holding or an earlier one starts
   * to; later rules do not matter while an earlier one holds.
   */
  changeAt: number | null;
  /** Facts of every rule evaluated, by index, to explain why a previous match stopped. */
  factsByRule: Map<number, string[]>;
}

/** First match wins. A rule without `when` always matches (a default). */
export function firstMatch(rules: { when?: Rule }[], ctx: EvalContext): OrderedMatch {
  let changeAt: number | null = null;
  const factsByRule = new Map<number, string[]>();
  for (const [index, { when }] of rules.entries()) {
    if (!when) return { index, facts: ['default rule (no condition)'], changeAt, factsByRule };
    const result = evaluateRule(when, ctx);
    factsByRule.set(index, result.facts);
    changeAt = earliest(changeAt, result.changeAt);
    if (result.value) return { index, facts: result.facts, changeAt, factsByRule };
  }
  return { index: null, facts: ['no rule matches'], changeAt, factsByRule };
}
