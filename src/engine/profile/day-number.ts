import { localDayNumber } from '../time/index.js';

const DAY_MS = 86_400_000;

/**
 * The calendar day (days since 1970-01-01) on which `time` falls in `timeZone`, or in UTC when
 * the zone is unknown or invalid (see localDayNumber).
 */
export function dayNumber(time: number, timeZone?: string | null): number {
  return timeZone ? localDayNumber(time, timeZone) : Math.floor(time / DAY_MS);
}
