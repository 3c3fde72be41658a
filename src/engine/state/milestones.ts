import { compare, describeTest, lookup } from './compare.js';
import { emit, type ApplyContext } from './apply-context.js';
import type { MilestoneState } from './user-state.js';

/**
 * Milestones are reached once, at the time of the event that reached them. A milestone without a
 * property filter reads the profile's counter (so one defined later is reached from history); one
 * with a filter counts matching events as they are applied.
 */
export function updateMilestones(ctx: ApplyContext): void {
  const { event, eventName, previous } = ctx;
  const milestones: Record<string, MilestoneState> = {};
  const progress: Record<string, number> = {};
  for (const [name, definition] of Object.entries(ctx.plan.definitions.milestones)) {
    const known = previous.milestones[name];
    if (known) {
      milestones[name] = known;
      continue;
    }
    const times = definition.times ?? 1;
    const current = event !== null && eventName === definition.event;
    let reached: MilestoneState | null = null;
    if (definition.where) {
      const filter = Object.entries(definition.where);
      let count = previous.progress[name] ?? 0;
      if (current && filter.every(([key, test]) => compare(lookup(event.properties, key), test)))
        count += 1;
      if (count >= times && current)
        reached = { at: event.timestamp, event: eventName, messageId: event.messageId };
      else if (count > 0) progress[name] = count;
    } else {
      const counter = ctx.profile.counters[definition.event];
      if (counter && counter.count >= times) {
        const at = times === 1 ? counter.first : current ? event.timestamp : counter.last;
        reached = { at, event: definition.event, messageId: current ? event.messageId : null };
      }
    }
    if (!reached) continue;
    milestones[name] = reached;
    const count = ctx.profile.counters[definition.event]?.count ?? 0;
    const fact = definition.where
      ? `"${definition.event}" with ${Object.entries(definition.where)
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
  ctx.state.milestones = milestones;
  ctx.state.progress = progress;
}
