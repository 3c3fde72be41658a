import { zoneOffset } from '../time/local-time.js';

const DAY_MS = 86_400_000;

/**
 * The calendar day (days since 1970-01-01) on which `time` falls in `timeZone`, or in UTC when
 * the zone is unknown or invalid.
 */
export function dayNumber(time: number, timeZone?: string | null): number {
  const offset = timeZone ? zoneOffset(time, timeZone) : 0;
  return Math.floor((time + offset) / DAY_MS);
}
