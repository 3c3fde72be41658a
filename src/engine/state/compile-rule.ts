import type { Rule } from '../../definitions/rule-types.js';
import { allNode, anyNode, notNode, type RuleNode } from './combine-rules.js';
import { activeDays, performed } from './count-rules.js';
import type { EvalContext } from './eval-context.js';
import { personaNode, segmentNode, stageNode } from './reference-rules.js';
import { NEVER, type RuleContext } from './rule-context.js';
import {
  firstPerformedNode,
  lastPerformedNode,
  lastSeenNode,
  milestoneNode,
  signedUpNode,
} from './time-rules.js';
import {
  accountScoreNode,
  accountTraitNode,
  activated,
  answerNode,
  scoreNode,
  traitNode,
} from './value-rules.js';
import type { Verdict } from './verdict.js';

export type { RuleNode } from './combine-rules.js';

/**
 * Turns a rule into a node once per definitions version, so evaluating it (on every event of
 * every user) does not look at its shape again.
 */
export function compileNode(rule: Rule): RuleNode {
  if ('all' in rule) return allNode(rule.all.map(compileNode));
  if ('any' in rule) return anyNode(rule.any.map(compileNode));
  if ('not' in rule) return notNode(compileNode(rule.not));
  if ('trait' in rule) return traitNode(rule);
  if ('account_trait' in rule) return accountTraitNode(rule);
  if ('answer' in rule) return answerNode(rule);
  if ('performed' in rule) return (ctx) => performed(rule, ctx);
  if ('first_performed' in rule) return firstPerformedNode(rule);
  if ('last_performed' in rule) return lastPerformedNode(rule);
  if ('milestone' in rule) return milestoneNode(rule);
  if ('activated' in rule) return (ctx) => activated(rule, ctx);
  if ('persona' in rule) return personaNode(rule);
  if ('stage' in rule) return stageNode(rule);
  if ('segment' in rule) return segmentNode(rule);
  if ('score' in rule) return scoreNode(rule);
  if ('account_score' in rule) return accountScoreNode(rule);
  if ('signed_up' in rule) return signedUpNode(rule);
  if ('last_seen' in rule) return lastSeenNode(rule);
  return (ctx) => activeDays(rule, ctx);
}

/** A rule evaluated on its own, as journeys do: its answer, when it could change, and why. */
export type CompiledRule = (ctx: EvalContext) => Verdict;

export function compileRule(rule: Rule): CompiledRule {
  const node = compileNode(rule);
  return (eval_) => {
    const owners = Float64Array.from(
      eval_.plan.owners,
      ({ name }) => eval_.ownerChangeAt.get(name) ?? NEVER,
    );
    const ctx: RuleContext = {
      ...eval_,
      facts: [],
      changeAt: NEVER,
      recheckAt: NEVER,
      ownerChangeAt: owners,
      ownerRecheckAt: owners,
    };
    const value = node(ctx);
    return { value, changeAt: ctx.changeAt === NEVER ? null : ctx.changeAt, facts: ctx.facts };
  };
}
