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
    const facts: string[] = [];
    if (definition.where) {
      const filter = definition.where;
      let count = previous.progress[name] ?? 0;
      if (
        current &&
        Object.entries(filter).every(([key, test]) => compare(lookup(event.properties, key), test))
      ) {
        count += 1;
        facts.push(
          `"${eventName}" with ${Object.entries(filter)
            .map(([key, test]) => `${key} ${describeTest(test)}`)
            .join(', ')}`,
        );
      }
      if (count >= times)
        reached = { at: event!.timestamp, event: eventName!, messageId: event!.messageId };
      else if (count > 0) progress[name] = count;
    } else {
      const counter = ctx.profile.counters[definition.event];
      if (counter && counter.count >= times) {
        const at = times === 1 ? counter.first : current ? event.timestamp : counter.last;
        reached = { at, event: definition.event, messageId: current ? event.messageId : null };
        facts.push(
          `"${definition.event}" performed ${counter.count} time${counter.count === 1 ? '' : 's'}`,
        );
      }
    }
    if (!reached) continue;
    if (times > 1) facts.push(`reached at ${times} times`);
    milestones[name] = reached;
    emit(
      ctx,
      'Milestone Reached',
      {
        milestone: name,
        event: reached.event,
        messageId: reached.messageId,
        reachedAt: reached.at,
      },
      `milestones.${name}`,
      facts,
    );
  }
  ctx.state.milestones = milestones;
  ctx.state.progress = progress;
}
