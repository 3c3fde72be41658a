import { clockReachesWall, type LocalDate } from './local-time.js';
import { zoneOffset } from './zone-offset.js';

/**
 * Calendar days and weeks in a time zone, for everything counted "per day" or "per week" in the
 * user's zone (caps, active days, streaks, report periods). A day is a calendar date on the
 * user's wall clock, whatever its length: 23 or 25 hours around a daylight-saving change, and a
 * day whose midnight the clock skips (America/Santiago, Asunción, Havana, Cairo, Beirut…) begins
 * at its first instant, the moment the clock jumps to 01:00. Never count days by dividing a
 * duration by 24 hours.
 */

const DAY_MS = 86_400_000;
/** 1970-01-01, day 0, was a Thursday. */
const EPOCH_WEEKDAY = 4;

/**
 * The calendar day on which `time` falls in `zone`, as a number of days since 1970-01-01
 * (UTC when the zone is unknown). Consecutive local dates have consecutive numbers, so two
 * moments are on consecutive days exactly when their numbers differ by one — even across a
 * 23- or 25-hour day.
 */
export function localDayNumber(time: number, zone: string): number {
  return Math.floor((time + zoneOffset(time, zone)) / DAY_MS);
}

/** The day number (days since 1970-01-01) of a calendar date. */
export function dayNumberOfDate(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

/** The calendar date of a day number, with its weekday (0 = Sunday … 6 = Saturday). */
export function dateOfDayNumber(day: number): LocalDate & { weekday: number } {
  const date = new Date(day * DAY_MS);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
  };
}

/**
 * The first instant of a day (a day number) in `zone`: its midnight, the first one when the
 * clock shows midnight twice, and the moment the clock jumps into the day when it skips
 * midnight (or the whole date, as Pacific/Apia did on 2011-12-30).
 */
export function startOfLocalDayNumber(day: number, zone: string): number {
  return clockReachesWall(day * DAY_MS, zone);
}

/** The first instant of a calendar date in `zone` (see `startOfLocalDayNumber`). */
export function startOfLocalDate(date: LocalDate, zone: string): number {
  return startOfLocalDayNumber(dayNumberOfDate(date), zone);
}

/** The first instant of the local day that contains `time` (see `startOfLocalDayNumber`). */
export function startOfLocalDay(time: number, zone: string): number {
  return startOfLocalDayNumber(localDayNumber(time, zone), zone);
}

/**
 * The week containing `time` in `zone`, as a number: consecutive calendar weeks have consecutive
 * numbers. Weeks begin on `weekStartsOn` (0 = Sunday, 1 = Monday … 6 = Saturday).
 */
export function localWeekNumber(time: number, zone: string, weekStartsOn: number): number {
  return Math.floor((localDayNumber(time, zone) + EPOCH_WEEKDAY - weekStartsOn) / 7);
}

/**
 * The first instant of the week containing `time` in `zone`: the start of the most recent local
 * day, on or before it, that is a `weekStartsOn` (0 = Sunday, 1 = Monday … 6 = Saturday).
 */
export function startOfLocalWeek(time: number, zone: string, weekStartsOn: number): number {
  const day = localDayNumber(time, zone);
  const sinceStart = (((day + EPOCH_WEEKDAY - weekStartsOn) % 7) + 7) % 7;
  return startOfLocalDayNumber(day - sinceStart, zone);
}
