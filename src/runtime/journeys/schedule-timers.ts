import type { LoadedDefinitions } from '../../definitions/index.js';
import {
  compiledJourneys,
  nextScheduledAt,
  type CompiledJourney,
} from '../../engine/journeys/index.js';
import { isTimeZone } from '../../engine/time/index.js';
import type { ScheduleTimer, Store } from '../../store/store.js';

/**
 * Schedule triggers keep one durable timer per journey and time zone in use, as the scenario
 * harness does: the zone of a timer is a profile zone (`profile_zones`), or '' for the profiles
 * without one, which are in the workspace's default zone. These helpers say which timers the
 * definitions want; the schedule sweeper fires them.
 */

const byDefinitions = new WeakMap<LoadedDefinitions, CompiledJourney[]>();

/** The journeys a schedule starts: schedule-triggered, neither draft nor disabled. */
export function scheduledJourneys(definitions: LoadedDefinitions): CompiledJourney[] {
  let journeys = byDefinitions.get(definitions);
  if (!journeys) {
    journeys = [...compiledJourneys(definitions).values()].filter(
      (j) => j.schedule !== null && !j.definition.draft && j.definition.enabled,
    );
    byDefinitions.set(definitions, journeys);
  }
  return journeys;
}

/** The IANA zone a timer's times are read in: its own, else (none, or unknown) the default. */
export function zoneOfTimer(timeZone: string, definitions: LoadedDefinitions): string {
  return timeZone !== '' && isTimeZone(timeZone)
    ? timeZone
    : definitions.definitions.delivery.default_time_zone;
}

/** What a timer's time is computed from; when it changes, the time is computed again. */
export function scheduleRule(journey: CompiledJourney, zone: string): string {
  const trigger = journey.definition.trigger;
  return `${'schedule' in trigger ? trigger.schedule : ''} @ ${zone}`;
}

/** The timer of a journey for the profiles of one zone, firing next after `after` (null: never). */
export function scheduleTimer(
  definitions: LoadedDefinitions,
  journey: CompiledJourney,
  timeZone: string,
  after: number,
): ScheduleTimer | null {
  const zone = zoneOfTimer(timeZone, definitions);
  const fireAt = nextScheduledAt(journey, zone, after);
  if (fireAt === null) return null;
  const rule = scheduleRule(journey, zone);
  return { journeyId: journey.id, timeZone, rule, fireAt, afterProfile: null };
}

/** The timers of every scheduled journey for these zones. */
export function scheduleTimers(
  definitions: LoadedDefinitions,
  timeZones: Iterable<string>,
  now: number,
): ScheduleTimer[] {
  const zones = [...new Set(timeZones)];
  return scheduledJourneys(definitions).flatMap((journey) =>
    zones.flatMap((zone) => scheduleTimer(definitions, journey, zone, now) ?? []),
  );
}

/**
 * Brings the stored timers in line with the definitions (at start, and after a reload): a timer
 * for every scheduled journey and zone in use, a new time for those whose schedule or zone
 * changed (not while a moment is being handed out), none for journeys no longer scheduled. A
 * timer whose schedule did not change keeps its time, so a moment that fell due while Cairn was
 * down fires now, once.
 */
export async function syncSchedules(
  store: Store,
  definitions: LoadedDefinitions,
  now: number,
): Promise<void> {
  const zones = ['', ...(await store.timeZonesInUse())];
  const timers = scheduleTimers(definitions, zones, now);
  const journeys = [...new Set(timers.map((t) => t.journeyId))];
  await store.transaction((tx) => tx.syncScheduleTimers(timers, journeys));
}
