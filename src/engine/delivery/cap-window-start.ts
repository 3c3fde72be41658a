import { localDayNumber, startOfLocalDayNumber } from '../time/index.js';

const DAY_MS = 86_400_000;

/**
 * Where a cap's window starts. Whole days are counted as calendar days in the user's time zone
 * ("3 per 7d" = today and the six days before, from the first instant of the first of them: its
 * midnight, or the moment the clock jumps into it where daylight saving skips midnight), so a
 * window never splits a user's day, however long its days; other lengths are a rolling window.
 */
export function capWindowStart(per: number, now: number, zone: string): number {
  if (per % DAY_MS !== 0) return now - per;
  const days = per / DAY_MS;
  return startOfLocalDayNumber(localDayNumber(now, zone) - (days - 1), zone);
}
