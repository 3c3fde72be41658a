import type { JsonObject } from '../../core/types.js';
import { dependencyGraph } from '../../definitions/dependency-graph.js';
import type { Milestone } from '../../definitions/milestones.js';
import type { LoadedDefinitions } from '../../definitions/parse-definitions.js';
import type { Comparison } from '../../definitions/comparison.js';
import type { Rule } from '../../definitions/rule-types.js';
import { ruleSites, walkRule, type RuleOwner } from '../../definitions/rule-walk.js';
import type { Definitions } from '../../definitions/schema.js';
import { compileNode, type RuleNode } from './compile-rule.js';
import { ownerInputs } from './owner-inputs.js';
import { compilePath, compileTest } from './value-test.js';

/**
 * What the engine derives once per definitions version: the evaluation order of rule owners,
 * their compiled rules and what each reads, how many recent times to keep per event for windowed
 * rules, and lookups. Cached per loaded definitions object, so a reload builds a new plan (unless
 * its content, hence its version, is unchanged) and nothing else does.
 */
export interface StatePlan {
  version: string;
  definitions: Definitions;
  /** Persona dimensions, stages and segments, each after what it reads. */
  order: RuleOwner[];
  /** The same owners, compiled, in the same order (an owner's index is its place here). */
  owners: PlannedOwner[];
  ownerIndex: Map<RuleOwner, number>;
  /** Event name → how many of its newest times windowed rules need. */
  recentDepth: Map<string, number>;
  /** Persona name → its dimension. */
  personaDimension: Map<string, string>;
  signupEvent: string | null;
  milestones: PlannedMilestone[];
  /** Counted event name → the milestones it can reach. */
  milestonesByEvent: Map<string, PlannedMilestone[]>;
  /** Score thresholds, in definition order. */
  thresholds: [name: string, value: number][];
  /** Which owners read each input, by name (owner indexes). */
  readers: {
    counters: Map<string, number[]>;
    recent: Map<string, number[]>;
    answers: Map<string, number[]>;
    milestones: Map<string, number[]>;
    /** Owners that read any counter (after an identity merge, every counter may have moved). */
    anyCounter: number[];
  };
}

/** A persona dimension, a stage list or a segment, ready to evaluate. */
export interface PlannedOwner {
  name: RuleOwner;
  kind: 'persona' | 'stage' | 'segment';
  /** The dimension, `lifecycle` / `engagement`, or the segment's name. */
  key: string;
  /** Persona dimensions and stages: first match wins. */
  ordered: OrderedRule[];
  /** Segments: the membership rule. */
  test: RuleNode | null;
  /** INPUT flags read (see owner-inputs.ts). */
  flags: number;
  /** Indexes of the owners it reads (all before it). */
  reads: number[];
}

/** One rule of an ordered list (persona dimension, stages); `test` null always matches. */
export interface OrderedRule {
  answer: string;
  test: RuleNode | null;
}

export interface PlannedMilestone {
  name: string;
  definition: Milestone;
  where: [string, Comparison][] | null;
  /** The property filter, compiled (null: none). */
  matches: ((properties: JsonObject) => boolean) | null;
  times: number;
}

const plans = new WeakMap<LoadedDefinitions, StatePlan>();
/** The last plan built: a reload of unchanged content (same version) reuses it. */
let latest: StatePlan | null = null;

export function statePlan(loaded: LoadedDefinitions): StatePlan {
  let plan = plans.get(loaded);
  if (!plan) {
    plan = latest?.version === loaded.version ? latest : buildPlan(loaded);
    plans.set(loaded, plan);
    latest = plan;
  }
  return plan;
}

function buildPlan({ version, definitions }: LoadedDefinitions): StatePlan {
  const personaDimension = new Map<string, string>();
  for (const [dimension, { rules }] of Object.entries(definitions.personas)) {
    for (const { persona } of rules) personaDimension.set(persona, dimension);
  }
  const order = dependencyGraph(definitions).order;
  const ownerIndex = new Map(order.map((owner, index) => [owner, index]));
  const readers: StatePlan['readers'] = {
    counters: new Map(),
    recent: new Map(),
    answers: new Map(),
    milestones: new Map(),
    anyCounter: [],
  };
  const owners = order.map((name, index): PlannedOwner => {
    const owner = ownerDefinition(definitions, name);
    const inputs = ownerInputs(owner.rules, personaDimension);
    const listen = (map: Map<string, number[]>, names: Set<string>) => {
      for (const key of names) map.set(key, [...(map.get(key) ?? []), index]);
    };
    listen(readers.counters, inputs.counters);
    listen(readers.recent, inputs.recent);
    listen(readers.answers, inputs.answers);
    listen(readers.milestones, inputs.milestones);
    if (inputs.counters.size > 0) readers.anyCounter.push(index);
    return {
      name,
      kind: owner.kind,
      key: owner.key,
      ordered: owner.ordered.map(({ answer, when }) => ({
        answer,
        test: when ? compileNode(when) : null,
      })),
      test: owner.test ? compileNode(owner.test) : null,
      flags: inputs.flags,
      reads: [...inputs.owners].flatMap((read) => {
        const at = ownerIndex.get(read);
        return at === undefined ? [] : [at];
      }),
    };
  });
  const milestones = Object.entries(definitions.milestones).map(
    ([name, definition]): PlannedMilestone => ({
      name,
      definition,
      where: definition.where ? Object.entries(definition.where) : null,
      matches: definition.where ? compileFilter(definition.where) : null,
      times: definition.times ?? 1,
    }),
  );
  const milestonesByEvent = new Map<string, PlannedMilestone[]>();
  for (const milestone of milestones) {
    const event = milestone.definition.event;
    milestonesByEvent.set(event, [...(milestonesByEvent.get(event) ?? []), milestone]);
  }
  const signup = definitions.activation?.signup;
  return {
    version,
    definitions,
    order,
    owners,
    ownerIndex,
    recentDepth: recentDepths(definitions),
    personaDimension,
    signupEvent: signup && signup !== 'first_seen' ? signup.event : null,
    milestones,
    milestonesByEvent,
    thresholds: Object.entries(definitions.score?.thresholds ?? {}),
    readers,
  };
}

/** Every property test passes (dotted keys reach nested properties). */
function compileFilter(where: Record<string, Comparison>): (properties: JsonObject) => boolean {
  const tests = Object.entries(where).map(
    ([key, test]) => [compilePath(key), compileTest(test)] as const,
  );
  return (properties) => {
    for (const [read, test] of tests) if (!test(read(properties))) return false;
    return true;
  };
}

/** "At least N" needs the N newest times; "at most M" needs M + 1 to see it is exceeded. */
function recentDepths(definitions: Definitions): Map<string, number> {
  const recentDepth = new Map<string, number>();
  for (const site of ruleSites(definitions)) {
    walkRule(site.rule, site.path, (rule) => {
      if (!('performed' in rule) || rule.within === undefined) return;
      const depth = Math.max(
        rule.at_least ?? (rule.at_most === undefined ? 1 : 0),
        (rule.at_most ?? -1) + 1,
      );
      for (const event of rule.performed)
        recentDepth.set(event, Math.max(recentDepth.get(event) ?? 0, depth));
    });
  }
  return recentDepth;
}

interface OwnerDefinition {
  kind: PlannedOwner['kind'];
  key: string;
  ordered: { answer: string; when?: Rule }[];
  test: Rule | null;
  /** Every top-level rule, for its inputs. */
  rules: Rule[];
}

function ownerDefinition(definitions: Definitions, owner: RuleOwner): OwnerDefinition {
  const dot = owner.indexOf('.');
  const section = dot === -1 ? owner : owner.slice(0, dot);
  const key = dot === -1 ? owner : owner.slice(dot + 1);
  if (section === 'segments') {
    const when = definitions.segments[key]!.when;
    return { kind: 'segment', key, ordered: [], test: when, rules: [when] };
  }
  const list =
    section === 'personas'
      ? definitions.personas[key]!.rules.map(({ persona, when }) => ({ answer: persona, when }))
      : definitions[key as 'lifecycle' | 'engagement']!.map(({ stage, when }) => ({
          answer: stage,
          when,
        }));
  return {
    kind: section === 'personas' ? 'persona' : 'stage',
    key,
    ordered: list,
    test: null,
    rules: list.flatMap(({ when }) => (when ? [when] : [])),
  };
}
