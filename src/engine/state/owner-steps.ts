import { ENGAGEMENT_STAGES } from '../../definitions/engagement-stages.js';
import { emit, type ApplyContext } from './apply-context.js';
import { firstMatch, ruleFacts } from './ordered-rules.js';
import { explainNode } from './rule-context.js';
import type { OrderedRule, PlannedOwner } from './state-plan.js';
import type { PersonaState, StageState } from './user-state.js';

const HISTORY_LIMIT = 50;

/**
 * One rule owner evaluated: its answer written to the state (a change reported with its facts),
 * its times left in `ctx.changeAt` / `ctx.recheckAt`. Each returns whether the answer differs
 * from the previous state's, which is what owners reading it see.
 */
export function evaluatePersona(ctx: ApplyContext, owner: PlannedOwner): boolean {
  const dimension = owner.key;
  const rules = owner.ordered;
  if (ctx.explain) ctx.facts = [];
  const index = firstMatch(rules, ctx);
  const rule = index === -1 ? null : index;
  const persona = rule === null ? null : rules[rule]!.answer;
  const previous = ctx.previous.personas[dimension];
  ctx.explanations?.set(owner.name, { answer: persona, rule, facts: [...ctx.facts] });
  if ((previous?.persona ?? null) === persona) {
    if (previous)
      writePersona(ctx, dimension, previous.rule === rule ? previous : { ...previous, rule });
    return false;
  }
  const history = [...(previous?.history ?? []), { persona, at: ctx.now, rule }];
  const next: PersonaState = {
    persona,
    since: ctx.now,
    rule,
    history: history.slice(-HISTORY_LIMIT),
  };
  writePersona(ctx, dimension, next);
  emit(
    ctx,
    'Persona Changed',
    { dimension, from: previous?.persona ?? null, to: persona, rule },
    rule === null ? owner.name : `${owner.name}.rules[${rule}]`,
    changeFacts(ctx, rules, rule, previous?.rule ?? null),
  );
  return true;
}

export function evaluateStage(ctx: ApplyContext, owner: PlannedOwner): boolean {
  const kind = owner.key as 'lifecycle' | 'engagement';
  const rules = owner.ordered;
  if (ctx.explain) ctx.facts = [];
  const index = firstMatch(rules, ctx);
  const rule = index === -1 ? null : index;
  const stage = rule === null ? null : rules[rule]!.answer;
  const level =
    kind === 'engagement' && stage
      ? (ENGAGEMENT_STAGES as readonly string[]).indexOf(stage) + 1
      : null;
  const previous = ctx.previous[kind];
  ctx.explanations?.set(kind, { answer: stage, rule, facts: [...ctx.facts] });
  if ((previous?.stage ?? null) === stage) {
    const same = !previous || previous.rule === rule ? previous : { ...previous, rule };
    if (ctx.state[kind] !== same) ctx.state[kind] = same;
    return false;
  }
  const next: StageState = { stage, since: ctx.now, rule, level };
  ctx.state[kind] = next;
  emit(
    ctx,
    'Stage Changed',
    { kind, from: previous?.stage ?? null, to: stage, level, rule },
    rule === null ? kind : `${kind}[${rule}]`,
    changeFacts(ctx, rules, rule, previous?.rule ?? null),
  );
  return true;
}

export function evaluateSegment(ctx: ApplyContext, owner: PlannedOwner): boolean {
  const name = owner.key;
  const test = owner.test!;
  if (ctx.explain) ctx.facts = [];
  const member = test(ctx);
  const previous = ctx.previous.segments[name];
  ctx.explanations?.set(owner.name, { answer: member, rule: null, facts: [...ctx.facts] });
  if (member) {
    const entry = previous ?? { since: ctx.now };
    if (ctx.state.segments[name] !== entry) writeSegment(ctx, name, entry);
    if (!previous)
      emit(ctx, 'Segment Entered', { segment: name }, owner.name, segmentFacts(ctx, owner));
    return !previous;
  }
  if (!previous) return false;
  writeSegment(ctx, name, null);
  emit(
    ctx,
    'Segment Exited',
    { segment: name, enteredAt: previous.since },
    owner.name,
    segmentFacts(ctx, owner),
  );
  return true;
}

function segmentFacts(ctx: ApplyContext, owner: PlannedOwner): string[] {
  return ctx.explain ? [...ctx.facts] : explainNode(ctx, owner.test!);
}

/**
 * Why an ordered answer changed: the facts of the rule that matches now; when that is a default
 * (or nothing matches), the facts of the rule that used to match and no longer does. Evaluated
 * again with explanations, only for changes.
 */
function changeFacts(
  ctx: ApplyContext,
  rules: OrderedRule[],
  index: number | null,
  before: number | null,
): string[] {
  if (index !== null && rules[index]!.test) return ruleFacts(rules, index, ctx);
  const stopped = before !== null && rules[before]?.test ? ruleFacts(rules, before, ctx) : [];
  return [...stopped, index === null ? 'no rule matches' : 'default rule (no condition)'];
}

/** The personas and segments records are shared with the previous state until one changes. */
function writePersona(ctx: ApplyContext, dimension: string, value: PersonaState): void {
  if (ctx.state.personas[dimension] === value) return;
  if (ctx.state.personas === ctx.previous.personas)
    ctx.state.personas = { ...ctx.previous.personas };
  ctx.state.personas[dimension] = value;
}

function writeSegment(ctx: ApplyContext, name: string, value: { since: number } | null): void {
  if (ctx.state.segments === ctx.previous.segments)
    ctx.state.segments = { ...ctx.previous.segments };
  if (value) ctx.state.segments[name] = value;
  else delete ctx.state.segments[name];
}
