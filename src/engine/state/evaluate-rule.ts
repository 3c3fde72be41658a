import type { Rule } from '../../definitions/rule-types.js';
import { activeDays, performed } from './count-rules.js';
import type { EvalContext } from './eval-context.js';
import { persona, segment, stage } from './reference-rules.js';
import { firstPerformed, lastPerformed, lastSeen, milestone, signedUp } from './time-rules.js';
import { accountScore, accountTrait, activated, answer, score, trait } from './value-rules.js';
import { allOf, anyOf, negate, type Verdict } from './verdict.js';

/** Evaluates a rule at `ctx.now`: its answer, when it could next change, and why. */
export function evaluateRule(rule: Rule, ctx: EvalContext): Verdict {
  if ('all' in rule) return allOf(rule.all.map((child) => evaluateRule(child, ctx)));
  if ('any' in rule) return anyOf(rule.any.map((child) => evaluateRule(child, ctx)));
  if ('not' in rule) return negate(evaluateRule(rule.not, ctx));
  if ('trait' in rule) return trait(rule, ctx);
  if ('account_trait' in rule) return accountTrait(rule, ctx);
  if ('answer' in rule) return answer(rule, ctx);
  if ('performed' in rule) return performed(rule, ctx);
  if ('first_performed' in rule) return firstPerformed(rule, ctx);
  if ('last_performed' in rule) return lastPerformed(rule, ctx);
  if ('milestone' in rule) return milestone(rule, ctx);
  if ('activated' in rule) return activated(rule, ctx);
  if ('persona' in rule) return persona(rule, ctx);
  if ('stage' in rule) return stage(rule, ctx);
  if ('segment' in rule) return segment(rule, ctx);
  if ('score' in rule) return score(rule, ctx);
  if ('account_score' in rule) return accountScore(rule, ctx);
  if ('signed_up' in rule) return signedUp(rule, ctx);
  if ('last_seen' in rule) return lastSeen(rule, ctx);
  return activeDays(rule, ctx);
}
