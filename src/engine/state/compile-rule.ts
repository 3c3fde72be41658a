import type { Rule } from '../../definitions/rule-types.js';
import { activeDays, performed } from './count-rules.js';
import type { EvalContext } from './eval-context.js';
import { persona, segment, stage } from './reference-rules.js';
import { firstPerformed, lastPerformed, lastSeen, milestone, signedUp } from './time-rules.js';
import { accountScore, accountTrait, activated, answer, score, trait } from './value-rules.js';
import { allOf, anyOf, negate, type Verdict } from './verdict.js';

/** A rule ready to evaluate at `ctx.now`: its answer, when it could next change, and why. */
export type CompiledRule = (ctx: EvalContext) => Verdict;

/**
 * Turns a rule into a closure once per definitions version, so evaluating it (on every event of
 * every user) does not look at its shape again.
 */
export function compileRule(rule: Rule): CompiledRule {
  if ('all' in rule) return combine(rule.all.map(compileRule), allOf, false);
  if ('any' in rule) return combine(rule.any.map(compileRule), anyOf, true);
  if ('not' in rule) {
    const inner = compileRule(rule.not);
    return (ctx) => negate(inner(ctx));
  }
  if ('trait' in rule) return (ctx) => trait(rule, ctx);
  if ('account_trait' in rule) return (ctx) => accountTrait(rule, ctx);
  if ('answer' in rule) return (ctx) => answer(rule, ctx);
  if ('performed' in rule) return (ctx) => performed(rule, ctx);
  if ('first_performed' in rule) return (ctx) => firstPerformed(rule, ctx);
  if ('last_performed' in rule) return (ctx) => lastPerformed(rule, ctx);
  if ('milestone' in rule) return (ctx) => milestone(rule, ctx);
  if ('activated' in rule) return (ctx) => activated(rule, ctx);
  if ('persona' in rule) return (ctx) => persona(rule, ctx);
  if ('stage' in rule) return (ctx) => stage(rule, ctx);
  if ('segment' in rule) return (ctx) => segment(rule, ctx);
  if ('score' in rule) return (ctx) => score(rule, ctx);
  if ('account_score' in rule) return (ctx) => accountScore(rule, ctx);
  if ('signed_up' in rule) return (ctx) => signedUp(rule, ctx);
  if ('last_seen' in rule) return (ctx) => lastSeen(rule, ctx);
  return (ctx) => activeDays(rule, ctx);
}

const SETTLED: Record<'true' | 'false', Verdict> = {
  true: Object.freeze({ value: true, changeAt: null, facts: Object.freeze([]) }),
  false: Object.freeze({ value: false, changeAt: null, facts: Object.freeze([]) }),
};

/**
 * `all` / `any`. Unless explaining, stops at the first part that settles the answer for good: a
 * part that fails (for `all`) or holds (for `any`) and cannot change without an event decides
 * the answer and its changeAt (never) whatever the other parts say.
 */
function combine(
  parts: CompiledRule[],
  join: (verdicts: Verdict[]) => Verdict,
  settles: boolean,
): CompiledRule {
  return (ctx) => {
    const verdicts: Verdict[] = [];
    for (const part of parts) {
      const result = part(ctx);
      if (!ctx.explain && result.value === settles && result.changeAt === null)
        return SETTLED[`${settles}`];
      verdicts.push(result);
    }
    return join(verdicts);
  };
}
