import { wake, type ApplyContext } from './apply-context.js';
import { evaluatePersona, evaluateSegment, evaluateStage } from './owner-steps.js';
import { NEVER } from './rule-context.js';
import { scratch } from './scratch.js';

/**
 * Evaluates persona dimensions, lifecycle and engagement stages and segments in dependency order,
 * so a segment that reads a persona sees the persona decided by this same event.
 *
 * `stale` marks the owners whose inputs this run changed (null: evaluate every owner). Another
 * owner keeps its previous answer and times, stored in `checks`, unless its recheck time has
 * come or an owner it reads came out differently in this run: evaluating it would give the same
 * result, which is what makes a run cost what the event touches rather than everything.
 */
export function updateRuleOwners(ctx: ApplyContext, stale: Uint8Array | null): void {
  const { plan, previous, state } = ctx;
  const full = stale === null;
  // Unchanged answers are shared with the previous state; the first change copies (see write*).
  state.personas = full ? {} : previous.personas;
  state.lifecycle = full ? null : previous.lifecycle;
  state.engagement = full ? null : previous.engagement;
  state.segments = full ? {} : previous.segments;
  state.checks = full ? [] : previous.checks;
  const { moved } = scratch(plan);
  moved.fill(0);
  for (let i = 0; i < plan.owners.length; i++) {
    const owner = plan.owners[i]!;
    const storedChange = full ? NEVER : previous.checks[2 * i] || NEVER;
    const storedRecheck = full ? NEVER : previous.checks[2 * i + 1] || NEVER;
    let run = full || stale[i] === 1 || ctx.now >= storedRecheck;
    for (let r = 0; !run && r < owner.reads.length; r++) if (moved[owner.reads[r]!]) run = true;
    if (!run) {
      ctx.ownerChangeAt[i] = storedChange;
      ctx.ownerRecheckAt[i] = storedRecheck;
      if (storedChange < ctx.wakeAt) ctx.wakeAt = storedChange;
      continue;
    }
    let answerMoved: boolean;
    if (owner.kind === 'segment') answerMoved = evaluateSegment(ctx, owner);
    else if (owner.kind === 'persona') answerMoved = evaluatePersona(ctx, owner);
    else answerMoved = evaluateStage(ctx, owner);
    const changeAt = ctx.changeAt;
    const recheckAt = ctx.recheckAt;
    ctx.ownerChangeAt[i] = changeAt;
    ctx.ownerRecheckAt[i] = recheckAt;
    if (answerMoved || changeAt !== storedChange || recheckAt !== storedRecheck) moved[i] = 1;
    if (changeAt !== storedChange || recheckAt !== storedRecheck)
      writeCheck(ctx, i, recheckAt, changeAt);
    if (changeAt !== NEVER) wake(ctx, changeAt);
  }
  if (state.checks !== previous.checks) trimChecks(state.checks);
}

/** Records an owner's times in `checks` (0: never), copying the previous list on the first change. */
function writeCheck(ctx: ApplyContext, owner: number, recheckAt: number, changeAt: number): void {
  const { state, previous } = ctx;
  if (state.checks === previous.checks) state.checks = previous.checks.slice();
  const checks = state.checks;
  while (checks.length < 2 * owner + 2) checks.push(0);
  checks[2 * owner] = changeAt === NEVER ? 0 : changeAt;
  checks[2 * owner + 1] = recheckAt === NEVER ? 0 : recheckAt;
}

/** Owners at the end that never change are left out: most users' list is short or empty. */
function trimChecks(checks: number[]): void {
  let length = checks.length;
  while (length > 0 && checks[length - 1] === 0) length--;
  checks.length = length;
}
