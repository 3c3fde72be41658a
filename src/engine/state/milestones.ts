import { describeTest } from './compare.js';
import { emit, type ApplyContext } from './apply-context.js';
import type { PlannedMilestone } from './state-plan.js';
import type { MilestoneState } from './user-state.js';
import { ownValue } from '../../core/own-key.js';

/**
 * Milestones are reached once, at the time of the event that reached them. A milestone without a
 * property filter reads the profile's counter (so one defined later is reached from history); one
 * with a filter counts matching events as they are applied.
 *
 * With `incremental`, only a milestone not reached yet whose event this is can move (its counter
 * or its matching count is the only thing that changed): when there is none, the previous
 * milestones and progress stand as they are. Returns the milestones reached by this run.
 */
export function updateMilestones(ctx: ApplyContext, incremental: boolean): string[] {
  const { previous } = ctx;
  if (incremental && !mayReach(ctx)) {
    ctx.state.milestones = previous.milestones;
    ctx.state.progress = previous.progress;
    return NONE;
  }
  const { event, eventName } = ctx;
  const milestones: Record<string, MilestoneState> = {};
  const progress: Record<string, number> = {};
  const reachedNow: string[] = [];
  for (const planned of ctx.plan.milestones) {
    const { name, definition, matches, times } = planned;
    const known = previous.milestones[name];
    if (known) {
      milestones[name] = known;
      continue;
    }
    const current = event !== null && eventName === definition.event;
    let reached: MilestoneState | null = null;
    if (matches) {
      let count = previous.progress[name] ?? 0;
      if (current && matches(event.properties)) count += 1;
      if (count >= times && current)
        reached = { at: event.timestamp, event: eventName, messageId: event.messageId };
      else if (count > 0) progress[name] = count;
    } else {
      const counter = ownValue(ctx.profile.counters, definition.event);
      if (counter && counter.count >= times) {
        const at = times === 1 ? counter.first : current ? event.timestamp : counter.last;
        reached = { at, event: definition.event, messageId: current ? event.messageId : null };
      }
    }
    if (!reached) continue;
    milestones[name] = reached;
    reachedNow.push(name);
    report(ctx, planned, reached);
  }
  ctx.state.milestones = milestones;
  ctx.state.progress = progress;
  return reachedNow;
}

const NONE: string[] = [];

/** Whether a milestone not reached yet counts this run's event (or every counter moved). */
function mayReach(ctx: ApplyContext): boolean {
  if (ctx.inputs.allCounters) return true;
  const name = ctx.inputs.counter;
  const candidates = name === null ? undefined : ctx.plan.milestonesByEvent.get(name);
  if (!candidates) return false;
  for (const { name: milestone } of candidates)
    if (!ctx.previous.milestones[milestone]) return true;
  return false;
}

function report(ctx: ApplyContext, planned: PlannedMilestone, reached: MilestoneState): void {
  const { name, definition, times } = planned;
  const count = ownValue(ctx.profile.counters, definition.event)?.count ?? 0;
  const fact = planned.where
    ? `"${definition.event}" with ${planned.where
        .map(([key, test]) => `${key} ${describeTest(test)}`)
        .join(', ')}`
    : `"${definition.event}" performed ${count} time${count === 1 ? '' : 's'}`;
  const facts = times > 1 ? [fact, `reached at ${times} times`] : [fact];
  const properties = {
    milestone: name,
    event: reached.event,
    messageId: reached.messageId,
    reachedAt: reached.at,
  };
  emit(ctx, 'Milestone Reached', properties, `milestones.${name}`, facts);
}
