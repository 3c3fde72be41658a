import { ENGAGEMENT_STAGES } from '../../definitions/engagement-stages.js';
import type { PersonaRule, SegmentRule, StageRule } from '../../definitions/rule-types.js';
import type { EvalContext } from './eval-context.js';
import { earliest, outcome, verdict, type Verdict } from './verdict.js';

/**
 * Rules that read another rule owner's answer. The owner was evaluated first (dependency order),
 * so its current answer is in the state and its next possible change in `ownerChangeAt`.
 */
export function persona(rule: PersonaRule, ctx: EvalContext): Verdict {
  let holds = false;
  let changeAt: number | null = null;
  const dimensions = new Set<string>();
  for (const name of rule.persona) {
    const dimension = ctx.plan.personaDimension.get(name)!;
    dimensions.add(dimension);
    if (ctx.state.personas[dimension]?.persona === name) holds = true;
  }
  for (const dimension of dimensions)
    changeAt = earliest(changeAt, ctx.ownerChangeAt.get(`personas.${dimension}`) ?? null);
  const fact = () => {
    const shown = [...dimensions]
      .map((d) => `${d} = ${ctx.state.personas[d]?.persona ?? 'none'}`)
      .join(', ');
    return `persona ${shown} ${outcome(`is ${rule.persona.join(' or ')}`, holds)}`;
  };
  return verdict(ctx, holds, fact, changeAt);
}

const ENGAGEMENT = new Set<string>(ENGAGEMENT_STAGES);

export function stage(rule: StageRule, ctx: EvalContext): Verdict {
  let holds = false;
  let changeAt: number | null = null;
  const kinds = new Set<'lifecycle' | 'engagement'>();
  for (const name of rule.stage) {
    const kind = ENGAGEMENT.has(name) ? 'engagement' : 'lifecycle';
    kinds.add(kind);
    if (ctx.state[kind]?.stage === name) holds = true;
  }
  for (const kind of kinds) changeAt = earliest(changeAt, ctx.ownerChangeAt.get(kind) ?? null);
  const fact = () => {
    const shown = [...kinds]
      .map((kind) => `${kind} stage = ${ctx.state[kind]?.stage ?? 'none'}`)
      .join(', ');
    return `${shown} ${outcome(`is ${rule.stage.join(' or ')}`, holds)}`;
  };
  return verdict(ctx, holds, fact, changeAt);
}

export function segment(rule: SegmentRule, ctx: EvalContext): Verdict {
  const holds = rule.segment in ctx.state.segments;
  const changeAt = ctx.ownerChangeAt.get(`segments.${rule.segment}`) ?? null;
  return verdict(
    ctx,
    holds,
    () => `segment ${rule.segment}: ${holds ? 'member' : 'not a member'}`,
    changeAt,
  );
}
