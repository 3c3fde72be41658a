import { duration, iso } from './describe.js';
import { emit, wake, type ApplyContext } from './apply-context.js';
import type { ActivationState } from './user-state.js';

/**
 * Activation: every required milestone reached within the time limit of signup. It is sticky once
 * reached. Until then it is pending, or missed once the deadline has passed; a late event dated
 * before the deadline can still activate.
 */
export function updateActivation(ctx: ApplyContext): void {
  const definition = ctx.plan.definitions.activation;
  if (!definition) {
    ctx.state.activation = null;
    return;
  }
  const previous = ctx.previous.activation;
  if (previous?.status === 'activated') {
    ctx.state.activation = previous;
    return;
  }
  const signupAt = ctx.state.signupAt;
  const deadline =
    definition.within !== undefined && signupAt !== null ? signupAt + definition.within : null;
  let complete = true;
  let at = -Infinity;
  for (const name of definition.milestones) {
    const reachedAt = ctx.state.milestones[name]?.at;
    if (reachedAt === undefined || (deadline !== null && reachedAt > deadline)) complete = false;
    else at = Math.max(at, reachedAt);
  }
  if (complete) {
    ctx.state.activation = { status: 'activated', at, deadline };
    report(ctx, at, signupAt);
    return;
  }
  const missed = deadline !== null && ctx.now >= deadline;
  const status = missed ? 'missed' : 'pending';
  ctx.state.activation =
    previous?.status === status && previous.at === null && previous.deadline === deadline
      ? previous
      : ({ status, at: null, deadline } satisfies ActivationState);
  if (!missed) wake(ctx, deadline);
}

function report(ctx: ApplyContext, at: number, signupAt: number | null): void {
  const definition = ctx.plan.definitions.activation!;
  const milestones: Record<string, number> = {};
  const facts: string[] = [];
  for (const name of definition.milestones) {
    const time = ctx.state.milestones[name]!.at;
    milestones[name] = time;
    facts.push(`milestone ${name} reached at ${iso(time)}`);
  }
  if (ctx.state.activation!.deadline !== null)
    facts.push(`all within ${duration(definition.within!)} of signup (${iso(signupAt!)})`);
  emit(
    ctx,
    'Activated',
    {
      activatedAt: at,
      signupAt,
      timeToValueMs: signupAt === null ? null : at - signupAt,
      milestones,
    },
    'activation',
    facts,
  );
}
