import { dependencyGraph } from '../../definitions/dependency-graph.js';
import type { LoadedDefinitions } from '../../definitions/parse-definitions.js';
import type { Rule } from '../../definitions/rule-types.js';
import { ruleSites, walkRule, type RuleOwner } from '../../definitions/rule-walk.js';
import type { Definitions } from '../../definitions/schema.js';
import { compileRule, type CompiledRule } from './compile-rule.js';

/**
 * What the engine derives once per definitions version: the evaluation order of rule owners,
 * how many recent times to keep per event for windowed rules, and lookups. Cached per loaded
 * definitions object, so a reload builds a new plan and nothing else does.
 */
export interface StatePlan {
  version: string;
  definitions: Definitions;
  /** Persona dimensions, stages and segments, each after what it reads. */
  order: RuleOwner[];
  /** Event name → how many of its newest times windowed rules need. */
  recentDepth: Map<string, number>;
  /** Persona name → its dimension. */
  personaDimension: Map<string, string>;
  signupEvent: string | null;
  /** The rules of each owner, compiled: ordered lists for personas and stages, one per segment. */
  rules: Map<RuleOwner, OrderedRule[] | CompiledRule>;
}

/** One rule of an ordered list (persona dimension, stages); `test` null always matches. */
export interface OrderedRule {
  answer: string;
  test: CompiledRule | null;
}

const plans = new WeakMap<LoadedDefinitions, StatePlan>();

export function statePlan(loaded: LoadedDefinitions): StatePlan {
  let plan = plans.get(loaded);
  if (!plan) {
    plan = buildPlan(loaded);
    plans.set(loaded, plan);
  }
  return plan;
}

function buildPlan({ version, definitions }: LoadedDefinitions): StatePlan {
  const recentDepth = new Map<string, number>();
  for (const site of ruleSites(definitions)) {
    walkRule(site.rule, site.path, (rule) => {
      if (!('performed' in rule) || rule.within === undefined) return;
      // "at least N" needs the N newest times; "at most M" needs M + 1 to see it is exceeded.
      const depth = Math.max(
        rule.at_least ?? (rule.at_most === undefined ? 1 : 0),
        (rule.at_most ?? -1) + 1,
      );
      for (const event of rule.performed)
        recentDepth.set(event, Math.max(recentDepth.get(event) ?? 0, depth));
    });
  }
  const personaDimension = new Map<string, string>();
  for (const [dimension, { rules }] of Object.entries(definitions.personas)) {
    for (const { persona } of rules) personaDimension.set(persona, dimension);
  }
  const ordered = (rules: { when?: Rule }[], answer: (index: number) => string): OrderedRule[] =>
    rules.map(({ when }, index) => ({
      answer: answer(index),
      test: when ? compileRule(when) : null,
    }));
  const rules = new Map<RuleOwner, OrderedRule[] | CompiledRule>();
  for (const [dimension, { rules: list }] of Object.entries(definitions.personas)) {
    rules.set(
      `personas.${dimension}`,
      ordered(list, (i) => list[i]!.persona),
    );
  }
  for (const kind of ['lifecycle', 'engagement'] as const) {
    const list = definitions[kind];
    if (list)
      rules.set(
        kind,
        ordered(list, (i) => list[i]!.stage),
      );
  }
  for (const [name, { when }] of Object.entries(definitions.segments))
    rules.set(`segments.${name}`, compileRule(when));
  const signup = definitions.activation?.signup;
  return {
    version,
    definitions,
    order: dependencyGraph(definitions).order,
    recentDepth,
    personaDimension,
    signupEvent: signup && signup !== 'first_seen' ? signup.event : null,
    rules,
  };
}
