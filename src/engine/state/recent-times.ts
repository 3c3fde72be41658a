import type { Profile } from '../../core/types.js';
import type { StatePlan } from './state-plan.js';
import { ownValue, setOwn } from '../../core/own-key.js';

/**
 * Keeps, per event that windowed rules count, its newest times (newest first), as many as the
 * most demanding rule needs. An event newly counted (new definitions) starts from what the
 * profile's counter knows: its last and first time. The counter already includes the event
 * being applied, so a seeded list does not add it twice.
 *
 * With `incremental` (the previous lists were kept for these same definitions), an event that no
 * windowed rule counts leaves them as they are.
 *
 * An empty list is left out of the state (most users never do most counted events). So a
 * missing list is an empty one when the previous state was computed for these same definitions
 * (`sameDefinitions`), and only otherwise an event newly counted.
 */
export function updateRecentTimes(
  previous: Record<string, number[]>,
  plan: StatePlan,
  profile: Profile,
  eventName: string | null,
  time: number | null,
  incremental: boolean,
  sameDefinitions: boolean,
): Record<string, number[]> {
  if (incremental) {
    // Every list is there already: only the event's own can change.
    const depth = eventName === null ? undefined : plan.recentDepth.get(eventName);
    if (depth === undefined || time === null) return previous;
    const times = insertNewestFirst(ownValue(previous, eventName!) ?? [], time);
    return { ...previous, [eventName!]: times.length > depth ? times.slice(0, depth) : times };
  }
  const out: Record<string, number[]> = {};
  for (const [name, depth] of plan.recentDepth) {
    let times = ownValue(previous, name) ?? (sameDefinitions ? [] : undefined);
    if (times === undefined) {
      const counter = ownValue(profile.counters, name);
      times = !counter
        ? []
        : counter.count > 1 && counter.first !== counter.last
          ? [counter.last, counter.first]
          : [counter.last];
    } else if (name === eventName && time !== null) {
      times = insertNewestFirst(times, time);
    }
    if (times.length) setOwn(out, name, times.length > depth ? times.slice(0, depth) : times);
  }
  return out;
}

function insertNewestFirst(times: number[], time: number): number[] {
  const index = times.findIndex((existing) => existing < time);
  return index === -1 ? [...times, time] : [...times.slice(0, index), time, ...times.slice(index)];
}
