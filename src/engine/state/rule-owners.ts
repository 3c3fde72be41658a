import { ENGAGEMENT_STAGES } from '../../definitions/engagement-stages.js';
import { emit, type ApplyContext } from './apply-context.js';
import { evaluateRule } from './evaluate-rule.js';
import { firstMatch, type OrderedMatch } from './ordered-rules.js';
import type { PersonaState, StageState } from './user-state.js';

const HISTORY_LIMIT = 50;

/**
 * Evaluates persona dimensions, lifecycle and engagement stages and segments in dependency order,
 * so a segment that reads a persona sees the persona decided by this same event.
 */
export function updateRuleOwners(ctx: ApplyContext): void {
  const { definitions } = ctx.plan;
  ctx.state.personas = {};
  ctx.state.lifecycle = null;
  ctx.state.engagement = null;
  ctx.state.segments = {};
  for (const owner of ctx.plan.order) {
    const [section, name] = owner.split('.', 2) as [string, string | undefined];
    let changeAt: number | null;
    if (section === 'personas')
      changeAt = updatePersona(ctx, name!, firstMatch(definitions.personas[name!]!.rules, ctx));
    else if (section === 'lifecycle' || section === 'engagement')
      changeAt = updateStage(ctx, section, firstMatch(definitions[section]!, ctx));
    else changeAt = updateSegment(ctx, name!);
    ctx.ownerChangeAt.set(owner, changeAt);
    ctx.wakeAt.push(changeAt);
  }
}

/** Why a previous answer stopped: the facts of the rule that used to match, when it was evaluated. */
function reasonFacts(match: OrderedMatch, previousRule: number | null): string[] {
  if (match.index !== null) return match.facts;
  return (previousRule !== null && match.factsByRule.get(previousRule)) || match.facts;
}

function updatePersona(ctx: ApplyContext, dimension: string, match: OrderedMatch): number | null {
  const rules = ctx.plan.definitions.personas[dimension]!.rules;
  const persona = match.index === null ? null : rules[match.index]!.persona;
  const previous = ctx.previous.personas[dimension];
  ctx.explanations.set(`personas.${dimension}`, {
    answer: persona,
    rule: match.index,
    facts: match.facts,
  });
  if ((previous?.persona ?? null) === persona) {
    if (previous) ctx.state.personas[dimension] = { ...previous, rule: match.index };
    return match.changeAt;
  }
  const entry = { persona, at: ctx.now, rule: match.index };
  const next: PersonaState = {
    persona,
    since: ctx.now,
    rule: match.index,
    history: [...(previous?.history ?? []), entry].slice(-HISTORY_LIMIT),
  };
  ctx.state.personas[dimension] = next;
  const rule =
    match.index === null ? `personas.${dimension}` : `personas.${dimension}.rules[${match.index}]`;
  emit(
    ctx,
    'Persona Changed',
    { dimension, from: previous?.persona ?? null, to: persona, rule: match.index },
    rule,
    reasonFacts(match, previous?.rule ?? null),
  );
  return match.changeAt;
}

function updateStage(
  ctx: ApplyContext,
  kind: 'lifecycle' | 'engagement',
  match: OrderedMatch,
): number | null {
  const rules = ctx.plan.definitions[kind]!;
  const stage = match.index === null ? null : rules[match.index]!.stage;
  const level =
    kind === 'engagement' && stage
      ? (ENGAGEMENT_STAGES as readonly string[]).indexOf(stage) + 1
      : null;
  const previous = ctx.previous[kind];
  ctx.explanations.set(kind, { answer: stage, rule: match.index, facts: match.facts });
  if ((previous?.stage ?? null) === stage) {
    ctx.state[kind] = previous ? { ...previous, rule: match.index } : null;
    return match.changeAt;
  }
  const next: StageState = { stage, since: ctx.now, rule: match.index, level };
  ctx.state[kind] = next;
  const rule = match.index === null ? kind : `${kind}[${match.index}]`;
  emit(
    ctx,
    'Stage Changed',
    { kind, from: previous?.stage ?? null, to: stage, level, rule: match.index },
    rule,
    reasonFacts(match, previous?.rule ?? null),
  );
  return match.changeAt;
}

function updateSegment(ctx: ApplyContext, name: string): number | null {
  const result = evaluateRule(ctx.plan.definitions.segments[name]!.when, ctx);
  const previous = ctx.previous.segments[name];
  ctx.explanations.set(`segments.${name}`, {
    answer: result.value,
    rule: null,
    facts: result.facts,
  });
  if (result.value) {
    ctx.state.segments[name] = previous ?? { since: ctx.now };
    if (!previous)
      emit(ctx, 'Segment Entered', { segment: name }, `segments.${name}`, result.facts);
  } else if (previous) {
    emit(
      ctx,
      'Segment Exited',
      { segment: name, enteredAt: previous.since },
      `segments.${name}`,
      result.facts,
    );
  }
  return result.changeAt;
}
