import { ENGAGEMENT_STAGES } from './engagement-stages.js';
import { ruleSites, walkRule, type Path, type RuleOwner } from './rule-walk.js';
import type { Definitions } from './schema.js';

export interface Dependency {
  from: RuleOwner;
  to: RuleOwner;
  /** Where the reference is written. */
  path: Path;
}

export interface DependencyGraph {
  /** Every owner, dependencies before dependents: the order in which the engine evaluates. */
  order: RuleOwner[];
  /** Each reference that closes a cycle, with the cycle (`segments.a → segments.b → segments.a`). */
  cycles: { path: Path; cycle: RuleOwner[] }[];
}

/** The owner that decides a persona's dimension, a stage, or a segment. */
function personaOwners(definitions: Definitions): Map<string, RuleOwner> {
  const owners = new Map<string, RuleOwner>();
  for (const [dimension, { rules }] of Object.entries(definitions.personas)) {
    for (const { persona } of rules)
      if (!owners.has(persona)) owners.set(persona, `personas.${dimension}`);
  }
  return owners;
}

/** Which rule owners read which (persona, stage and segment references). */
export function dependencies(definitions: Definitions): Dependency[] {
  const personas = personaOwners(definitions);
  const engagement = new Set<string>(ENGAGEMENT_STAGES);
  const out: Dependency[] = [];
  for (const site of ruleSites(definitions)) {
    walkRule(site.rule, site.path, (rule, path) => {
      const add = (to: RuleOwner | undefined, key: string) => {
        if (to) out.push({ from: site.owner, to, path: [...path, key] });
      };
      if ('persona' in rule) for (const name of rule.persona) add(personas.get(name), 'persona');
      if ('stage' in rule)
        for (const name of rule.stage)
          add(engagement.has(name) ? 'engagement' : 'lifecycle', 'stage');
      if ('segment' in rule && definitions.segments[rule.segment])
        add(`segments.${rule.segment}`, 'segment');
    });
  }
  return out;
}

/** Orders the rule owners so that each is evaluated after what it reads; reports cycles. */
export function dependencyGraph(definitions: Definitions): DependencyGraph {
  const owners: RuleOwner[] = [
    ...Object.keys(definitions.personas).map((dimension) => `personas.${dimension}`),
    ...(definitions.lifecycle ? ['lifecycle'] : []),
    ...(definitions.engagement ? ['engagement'] : []),
    ...Object.keys(definitions.segments).map((name) => `segments.${name}`),
  ];
  const edges = new Map<RuleOwner, Dependency[]>(owners.map((owner) => [owner, []]));
  for (const dependency of dependencies(definitions)) edges.get(dependency.from)?.push(dependency);

  const order: RuleOwner[] = [];
  const cycles: DependencyGraph['cycles'] = [];
  const state = new Map<RuleOwner, 'visiting' | 'done'>();
  const stack: RuleOwner[] = [];
  const visit = (owner: RuleOwner) => {
    state.set(owner, 'visiting');
    stack.push(owner);
    for (const edge of edges.get(owner) ?? []) {
      const seen = state.get(edge.to);
      if (seen === 'visiting') {
        // Told from where the closing reference is written: b → a → b for a reference in b.
        const loop = stack.slice(stack.indexOf(edge.to));
        cycles.push({ path: edge.path, cycle: [owner, ...loop.slice(0, -1), owner] });
      } else if (!seen && edges.has(edge.to)) visit(edge.to);
    }
    stack.pop();
    state.set(owner, 'done');
    order.push(owner);
  };
  for (const owner of owners) if (!state.has(owner)) visit(owner);
  return { order, cycles };
}
