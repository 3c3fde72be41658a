import { ENGAGEMENT_STAGES } from '../../definitions/engagement-stages.js';
import type { PersonaRule, SegmentRule, StageRule } from '../../definitions/rule-types.js';
import type { RuleNode } from './combine-rules.js';
import { NEVER, outcomeOf, type RuleContext } from './rule-context.js';
import type { StatePlan } from './state-plan.js';
import { outcome } from './verdict.js';

/**
 * Rules that read another rule owner's answer. The owner was evaluated first (dependency order),
 * so its current answer is in the state and its times in `ownerChangeAt` / `ownerRecheckAt`: the
 * reference can change when the owner's answer can, and be re-evaluated when the owner is.
 */
function referenceOutcome(ctx: RuleContext, owners: number[], holds: boolean): boolean {
  let changeAt = NEVER;
  let recheckAt = NEVER;
  for (const owner of owners) {
    changeAt = Math.min(changeAt, ctx.ownerChangeAt[owner] ?? NEVER);
    recheckAt = Math.min(recheckAt, ctx.ownerRecheckAt[owner] ?? NEVER);
  }
  return outcomeOf(ctx, holds, changeAt, recheckAt);
}

/** Owner indexes by name in a plan, looked up once per plan (a node outlives reloads). */
function resolver<T>(resolve: (plan: StatePlan) => T): (plan: StatePlan) => T {
  let known: StatePlan | null = null;
  let value: T;
  return (plan) => {
    if (plan !== known) {
      value = resolve(plan);
      known = plan;
    }
    return value;
  };
}

function ownerIndexes(plan: StatePlan, owners: Iterable<string>): number[] {
  const out: number[] = [];
  for (const owner of owners) {
    const index = plan.ownerIndex.get(owner);
    if (index !== undefined) out.push(index);
  }
  return out;
}

export function personaNode(rule: PersonaRule): RuleNode {
  const resolve = resolver((plan) => {
    const dimensions = [...new Set(rule.persona.map((name) => plan.personaDimension.get(name)!))];
    const pairs = rule.persona.map((name) => [name, plan.personaDimension.get(name)!] as const);
    return {
      dimensions,
      pairs,
      owners: ownerIndexes(
        plan,
        dimensions.map((d) => `personas.${d}`),
      ),
    };
  });
  return (ctx) => {
    const { dimensions, pairs, owners } = resolve(ctx.plan);
    let holds = false;
    for (const [name, dimension] of pairs)
      if (ctx.state.personas[dimension]?.persona === name) holds = true;
    if (ctx.explain) {
      const shown = dimensions
        .map((d) => `${d} = ${ctx.state.personas[d]?.persona ?? 'none'}`)
        .join(', ');
      ctx.facts.push(`persona ${shown} ${outcome(`is ${rule.persona.join(' or ')}`, holds)}`);
    }
    return referenceOutcome(ctx, owners, holds);
  };
}

const ENGAGEMENT = new Set<string>(ENGAGEMENT_STAGES);

export function stageNode(rule: StageRule): RuleNode {
  const names = rule.stage;
  const of = names.map((name) => (ENGAGEMENT.has(name) ? 'engagement' : 'lifecycle'));
  const kinds = [...new Set(of)];
  const resolve = resolver((plan) => ownerIndexes(plan, kinds));
  return (ctx) => {
    let holds = false;
    for (let i = 0; i < names.length; i++) if (ctx.state[of[i]!]?.stage === names[i]) holds = true;
    if (ctx.explain) {
      const shown = kinds
        .map((kind) => `${kind} stage = ${ctx.state[kind]?.stage ?? 'none'}`)
        .join(', ');
      ctx.facts.push(`${shown} ${outcome(`is ${rule.stage.join(' or ')}`, holds)}`);
    }
    return referenceOutcome(ctx, resolve(ctx.plan), holds);
  };
}

export function segmentNode(rule: SegmentRule): RuleNode {
  const resolve = resolver((plan) => ownerIndexes(plan, [`segments.${rule.segment}`]));
  return (ctx) => {
    const holds = rule.segment in ctx.state.segments;
    if (ctx.explain)
      ctx.facts.push(`segment ${rule.segment}: ${holds ? 'member' : 'not a member'}`);
    return referenceOutcome(ctx, resolve(ctx.plan), holds);
  };
}
