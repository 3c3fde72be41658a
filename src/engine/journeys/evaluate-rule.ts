import type { Rule } from '../../definitions/index.js';
import { compileRule, type CompiledRule } from '../state/compile-rule.js';
import type { EvalContext } from '../state/eval-context.js';
import { statePlan } from '../state/state-plan.js';
import { readAccountState, readUserState } from '../state/user-state.js';
import type { Verdict } from '../state/verdict.js';
import type { UserSnapshot, VerdictMemo } from './types.js';

const rules = new WeakMap<Rule, CompiledRule>();

/**
 * Evaluates a journey's rule (audience, branch, wait, goal, exit) against the user's stored state
 * at `now`, with the state engine's own compiled rules: a journey reads personas, segments and
 * windows exactly as segments do. Rules are compiled once per rule object; with a memo on the
 * snapshot (`user.verdicts`, same `now`), each distinct rule is evaluated once for it.
 */
export function evaluateRule(rule: Rule, user: UserSnapshot, now: number): Verdict {
  const memo = user.verdicts;
  if (!memo || memo.now !== now) return compiledRule(rule)(evalContext(user, now));
  let verdict = memo.byRule.get(rule);
  if (!verdict) {
    memo.context ??= evalContext(user, now);
    verdict = compiledRule(rule)(memo.context);
    memo.byRule.set(rule, verdict);
  }
  return verdict;
}

/** An empty memo of verdicts at `now`, for a snapshot (see `UserSnapshot.verdicts`). */
export function verdictMemo(now: number): VerdictMemo {
  return { now, byRule: new Map(), context: null };
}

/** The snapshot with a memo of verdicts at `now`: its own if it has one, else a new one. */
export function withVerdicts(user: UserSnapshot, now: number): UserSnapshot {
  return user.verdicts?.now === now ? user : { ...user, verdicts: verdictMemo(now) };
}

function compiledRule(rule: Rule): CompiledRule {
  let compiled = rules.get(rule);
  if (!compiled) {
    compiled = compileRule(rule);
    rules.set(rule, compiled);
  }
  return compiled;
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
