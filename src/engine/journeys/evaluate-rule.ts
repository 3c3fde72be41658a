import type { Rule } from '../../definitions/index.js';
import { compileRule, type CompiledRule } from '../state/compile-rule.js';
import type { EvalContext } from '../state/eval-context.js';
import { statePlan } from '../state/state-plan.js';
import { readAccountState, readUserState } from '../state/user-state.js';
import type { Verdict } from '../state/verdict.js';
import type { UserSnapshot } from './types.js';

const rules = new WeakMap<Rule, CompiledRule>();

/**
 * Evaluates a journey's rule (audience, branch, wait, goal, exit) against the user's stored state
 * at `now`, with the state engine's own compiled rules: a journey reads personas, segments and
 * windows exactly as segments do. Rules are compiled once per rule object.
 */
export function evaluateRule(rule: Rule, user: UserSnapshot, now: number): Verdict {
  let compiled = rules.get(rule);
  if (!compiled) {
    compiled = compileRule(rule);
    rules.set(rule, compiled);
  }
  return compiled(evalContext(user, now));
}

function evalContext(user: UserSnapshot, now: number): EvalContext {
  return {
    now,
    profile: user.profile,
    state: readUserState(user.profile.state),
    accounts: user.accounts.map((account) => ({
      id: account.id,
      traits: account.traits,
      score: readAccountState(account.state).score,
    })),
    plan: statePlan(user.definitions),
    explain: false,
    // Persona, stage and segment answers are read as stored; their changes arrive as state
    // changes (occurrences), which re-evaluate waiting runs.
    ownerChangeAt: new Map(),
  };
}
