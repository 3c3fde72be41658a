import type { CompiledJourney } from './compile-journey.js';
import { nextCronTime } from './next-cron-time.js';

/**
 * When a schedule-triggered journey next fires for users in `zone`, strictly after `after`; null
 * for other journeys. The runtime keeps one timer per (journey, time zone in use) and, when it
 * fires, hands `scheduleOccurrence(journey, at)` to each user of that zone (the audience rule
 * then chooses who enters).
 */
export function nextScheduledAt(
  journey: CompiledJourney,
  zone: string,
  after: number,
): number | null {
  return journey.schedule ? nextCronTime(journey.schedule, after, zone) : null;
}
