import { ENGAGEMENT_STAGES } from '../../definitions/engagement-stages.js';
import { emit, type ApplyContext } from './apply-context.js';
import type { CompiledRule } from './compile-rule.js';
import { explaining, firstMatch, ruleFacts, type OrderedMatch } from './ordered-rules.js';
import type { OrderedRule } from './state-plan.js';
import type { PersonaState, StageState } from './user-state.js';

const HISTORY_LIMIT = 50;

/**
 * Evaluates persona dimensions, lifecycle and engagement stages and segments in dependency order,
 * so a segment that reads a persona sees the persona decided by this same event.
 */
export function updateRuleOwners(ctx: ApplyContext): void {
  ctx.state.personas = {};
  ctx.state.lifecycle = null;
  ctx.state.engagement = null;
  ctx.state.segments = {};
  for (const owner of ctx.plan.order) {
    const rules = ctx.plan.rules.get(owner)!;
    let changeAt: number | null;
    if (typeof rules === 'function')
      changeAt = updateSegment(ctx, owner.slice('segments.'.length), rules);
    else if (owner.startsWith('personas.'))
      changeAt = updatePersona(ctx, owner.slice('personas.'.length), rules);
    else changeAt = updateStage(ctx, owner as 'lifecycle' | 'engagement', rules);
    ctx.ownerChangeAt.set(owner, changeAt);
    ctx.wakeAt.push(changeAt);
  }
}

/**
 * Why an ordered answer changed: the facts of the rule that matches now; when that is a default
 * (or nothing matches), the facts of the rule that used to match and no longer does. Evaluated
 * again with explanations, only for changes.
 */
function changeFacts(
  ctx: ApplyContext,
  rules: OrderedRule[],
  match: OrderedMatch,
  before: number | null,
): string[] {
  if (match.index !== null && rules[match.index]!.test)
    return [...ruleFacts(rules, match.index, ctx)];
  const stopped = before !== null && rules[before]?.test ? ruleFacts(rules, before, ctx) : [];
  return [...stopped, match.index === null ? 'no rule matches' : 'default rule (no condition)'];
}

function updatePersona(ctx: ApplyContext, dimension: string, rules: OrderedRule[]): number | null {
  const match = firstMatch(rules, ctx);
  const persona = match.index === null ? null : rules[match.index]!.answer;
  const previous = ctx.previous.personas[dimension];
  if (ctx.explain)
    ctx.explanations.set(`personas.${dimension}`, {
      answer: persona,
      rule: match.index,
      facts: [...match.facts],
    });
  if ((previous?.persona ?? null) === persona) {
    if (previous)
      ctx.state.personas[dimension] =
        previous.rule === match.index ? previous : { ...previous, rule: match.index };
    return match.changeAt;
  }
  const next: PersonaState = {
    persona,
    since: ctx.now,
    rule: match.index,
    history: [...(previous?.history ?? []), { persona, at: ctx.now, rule: match.index }].slice(
      -HISTORY_LIMIT,
    ),
  };
  ctx.state.personas[dimension] = next;
  const rule =
    match.index === null ? `personas.${dimension}` : `personas.${dimension}.rules[${match.index}]`;
  const facts = changeFacts(ctx, rules, match, previous?.rule ?? null);
  emit(
    ctx,
    'Persona Changed',
    { dimension, from: previous?.persona ?? null, to: persona, rule: match.index },
    rule,
    [...facts],
  );
  return match.changeAt;
}

function updateStage(
  ctx: ApplyContext,
  kind: 'lifecycle' | 'engagement',
  rules: OrderedRule[],
): number | null {
  const match = firstMatch(rules, ctx);
  const stage = match.index === null ? null : rules[match.index]!.answer;
  const level =
    kind === 'engagement' && stage
      ? (ENGAGEMENT_STAGES as readonly string[]).indexOf(stage) + 1
      : null;
  const previous = ctx.previous[kind];
  if (ctx.explain)
    ctx.explanations.set(kind, { answer: stage, rule: match.index, facts: [...match.facts] });
  if ((previous?.stage ?? null) === stage) {
    ctx.state[kind] =
      !previous || previous.rule === match.index ? previous : { ...previous, rule: match.index };
    return match.changeAt;
  }
  const next: StageState = { stage, since: ctx.now, rule: match.index, level };
  ctx.state[kind] = next;
  const rule = match.index === null ? kind : `${kind}[${match.index}]`;
  const facts = changeFacts(ctx, rules, match, previous?.rule ?? null);
  emit(
    ctx,
    'Stage Changed',
    { kind, from: previous?.stage ?? null, to: stage, level, rule: match.index },
    rule,
    [...facts],
  );
  return match.changeAt;
}

function updateSegment(ctx: ApplyContext, name: string, rule: CompiledRule): number | null {
  const result = rule(ctx);
  const previous = ctx.previous.segments[name];
  if (ctx.explain)
    ctx.explanations.set(`segments.${name}`, {
      answer: result.value,
      rule: null,
      facts: [...result.facts],
    });
  if (result.value) {
    ctx.state.segments[name] = previous ?? { since: ctx.now };
    if (!previous)
      emit(
        ctx,
        'Segment Entered',
        { segment: name },
        `segments.${name}`,
        facts(ctx, rule, result.facts),
      );
  } else if (previous) {
    emit(
      ctx,
      'Segment Exited',
      { segment: name, enteredAt: previous.since },
      `segments.${name}`,
      facts(ctx, rule, result.facts),
    );
  }
  return result.changeAt;
}

function facts(ctx: ApplyContext, rule: CompiledRule, known: readonly string[]): string[] {
  return [...(ctx.explain ? known : explaining(ctx, () => rule(ctx).facts))];
}
