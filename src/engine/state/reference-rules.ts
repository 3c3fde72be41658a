import { ENGAGEMENT_STAGES } from '../../definitions/engagement-stages.js';
import type { PersonaRule, SegmentRule, StageRule } from '../../definitions/rule-types.js';
import type { EvalContext } from './eval-context.js';
import { earliest, outcome, verdict, type Verdict } from './verdict.js';

/**
 * Rules that read another rule owner's answer. The owner was evaluated first (dependency order),
 * so its current answer is in the state and its next possible change in `ownerChangeAt`.
 */
export function persona(rule: PersonaRule, ctx: EvalContext): Verdict {
  const dimensions = [...new Set(rule.persona.map((name) => ctx.plan.personaDimension.get(name)!))];
  const current = dimensions.map((dimension) => ctx.state.personas[dimension]?.persona ?? null);
  const holds = current.some((name) => name !== null && rule.persona.includes(name));
  const shown = dimensions
    .map((dimension, i) => `${dimension} = ${current[i] ?? 'none'}`)
    .join(', ');
  const changeAt = earliest(
    ...dimensions.map((dimension) => ctx.ownerChangeAt.get(`personas.${dimension}`) ?? null),
  );
  return verdict(
    holds,
    `persona ${shown} ${outcome(`is ${rule.persona.join(' or ')}`, holds)}`,
    changeAt,
  );
}

export function stage(rule: StageRule, ctx: EvalContext): Verdict {
  const kinds = [
    ...new Set(
      rule.stage.map((name) =>
        (ENGAGEMENT_STAGES as readonly string[]).includes(name) ? 'engagement' : 'lifecycle',
      ),
    ),
  ] as const;
  const current = kinds.map((kind) => ctx.state[kind]?.stage ?? null);
  const holds = current.some((name) => name !== null && rule.stage.includes(name));
  const shown = kinds.map((kind, i) => `${kind} stage = ${current[i] ?? 'none'}`).join(', ');
  const changeAt = earliest(...kinds.map((kind) => ctx.ownerChangeAt.get(kind) ?? null));
  return verdict(holds, `${shown} ${outcome(`is ${rule.stage.join(' or ')}`, holds)}`, changeAt);
}

export function segment(rule: SegmentRule, ctx: EvalContext): Verdict {
  const holds = rule.segment in ctx.state.segments;
  return verdict(
    holds,
    `segment ${rule.segment}: ${holds ? 'member' : 'not a member'}`,
    ctx.ownerChangeAt.get(`segments.${rule.segment}`) ?? null,
  );
}
