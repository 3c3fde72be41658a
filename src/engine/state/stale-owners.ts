import type { ApplyContext } from './apply-context.js';
import { scratch } from './scratch.js';

/**
 * The rule owners whose inputs this run changed: those reading a changed flag input (traits,
 * accounts, activation, score, signup, last seen, active days), the event's counter or recent
 * times, an answer that moved, or a milestone just reached. Owners reading other owners are
 * decided as the run goes (see updateRuleOwners).
 */
export function staleOwners(
  ctx: ApplyContext,
  answers: readonly string[],
  milestones: readonly string[],
): Uint8Array {
  const { plan, inputs } = ctx;
  const { stale } = scratch(plan);
  stale.fill(0);
  for (let i = 0; i < plan.owners.length; i++)
    if (plan.owners[i]!.flags & inputs.flags) stale[i] = 1;
  const { readers } = plan;
  if (inputs.allCounters) mark(stale, readers.anyCounter);
  else if (inputs.counter !== null) mark(stale, readers.counters.get(inputs.counter));
  if (ctx.eventName !== null) mark(stale, readers.recent.get(ctx.eventName));
  for (const question of answers) mark(stale, readers.answers.get(question));
  for (const milestone of milestones) mark(stale, readers.milestones.get(milestone));
  return stale;
}

function mark(stale: Uint8Array, owners: number[] | undefined): void {
  if (owners) for (let i = 0; i < owners.length; i++) stale[owners[i]!] = 1;
}
