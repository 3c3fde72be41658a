import { duration, iso } from './describe.js';
import { emit, type ApplyContext } from './apply-context.js';
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
  const reached = definition.milestones.map(
    (name) => [name, ctx.state.milestones[name]?.at] as const,
  );
  const complete = reached.every(
    ([, at]) => at !== undefined && (deadline === null || at <= deadline),
  );
  let activation: ActivationState;
  if (complete) {
    const at = Math.max(...reached.map(([, time]) => time!));
    activation = { status: 'activated', at, deadline };
    const milestones = Object.fromEntries(reached.map(([name, time]) => [name, time!]));
    const facts = reached.map(([name, time]) => `milestone ${name} reached at ${iso(time!)}`);
    if (deadline !== null)
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
  } else {
    const missed = deadline !== null && ctx.now >= deadline;
    activation = { status: missed ? 'missed' : 'pending', at: null, deadline };
    if (!missed && deadline !== null) ctx.wakeAt.push(deadline);
  }
  ctx.state.activation = activation;
}
