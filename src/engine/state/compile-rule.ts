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
    const owners = ownerTimes(eval_);
    const ctx: RuleContext = {
      now: eval_.now,
      profile: eval_.profile,
      state: eval_.state,
      accounts: eval_.accounts,
      plan: eval_.plan,
      explain: eval_.explain,
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

/** Per plan, every owner at NEVER: what a rule reads when no owner was evaluated before it. */
const unevaluated = new WeakMap<object, Float64Array>();

/**
 * The owners' change times as a compiled rule reads them (by plan index). Journeys and
 * gamification evaluate rules with no owner evaluated before (an empty map): all of them are
 * NEVER, and one array per plan serves every such evaluation (rules only read it).
 */
function ownerTimes(eval_: EvalContext): Float64Array {
  const { plan, ownerChangeAt } = eval_;
  if (ownerChangeAt.size === 0) {
    let never = unevaluated.get(plan);
    if (!never) {
      never = new Float64Array(plan.owners.length).fill(NEVER);
      unevaluated.set(plan, never);
    }
    return never;
  }
  return Float64Array.from(plan.owners, ({ name }) => ownerChangeAt.get(name) ?? NEVER);
}
