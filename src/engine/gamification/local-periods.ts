import type { PeriodKind } from '../../definitions/gamification/periods.js';
import {
  localDayNumber,
  localWeekNumber,
  startOfLocalDate,
  startOfLocalDayNumber,
} from '../time/local-day.js';
import { localTime } from '../time/local-time.js';

/**
 * Calendar periods in a time zone, numbered: a day is its local date's days since 1970-01-01, a
 * week (Monday first) counts from the Monday before that date, a month is year·12 + month, a
 * quarter year·4 + quarter. Consecutive periods have consecutive numbers whatever their length
 * in hours, so a 23- or 25-hour day around a daylight-saving change is one day, and a streak is
 * never "more than 24 hours apart" by accident. The only door to the time-zone arithmetic of
 * src/engine/time: the rest of gamification speaks in period numbers.
 */
const DAY_MS = 86_400_000;
/** 1970-01-01 was a Thursday: the Monday of its week was day −3. */
const MONDAY_OFFSET = 3;
const MONDAY = 1;

/** The number of the period of `kind` containing `time`, as the wall clock in `zone` reads it. */
export function periodOf(time: number, zone: string, kind: PeriodKind): number {
  switch (kind) {
    case 'day':
      return localDayNumber(time, zone);
    case 'week':
      return localWeekNumber(time, zone, MONDAY);
  }
  const local = localTime(time, zone);
  switch (kind) {
    case 'month':
      return local.year * 12 + local.month - 1;
    case 'quarter':
      return local.year * 4 + Math.floor((local.month - 1) / 3);
  }
}

/**
 * The first moment of period `period` in `zone`: local midnight of its first day, or the moment
 * the clock jumps into that day where it skips midnight.
 */
export function periodStart(period: number, zone: string, kind: PeriodKind): number {
  if (kind === 'day') return startOfLocalDayNumber(period, zone);
  if (kind === 'week') return startOfLocalDayNumber(period * 7 - MONDAY_OFFSET, zone);
  return startOfLocalDate(firstDate(period, kind), zone);
}

/** The first moment after period `period`: the start of the next one. */
export function periodEnd(period: number, zone: string, kind: PeriodKind): number {
  return periodStart(period + 1, zone, kind);
}

/** The local date a period starts on, as `YYYY-MM-DD` (for people and the API). */
export function periodLabel(period: number, kind: PeriodKind): string {
  const { year, month, day } = firstDate(period, kind);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Reads a period label back (the date a period of `kind` starts on, or any date inside it). */
export function periodFromLabel(label: string, kind: PeriodKind): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = Date.UTC(year, month - 1, day);
  const back = new Date(utc);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  const local = { year, month, day };
  switch (kind) {
    case 'day':
      return dayOf(local);
    case 'week':
      return Math.floor((dayOf(local) + MONDAY_OFFSET) / 7);
    case 'month':
      return year * 12 + month - 1;
    case 'quarter':
      return year * 4 + Math.floor((month - 1) / 3);
  }
}

function dayOf(date: { year: number; month: number; day: number }): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

function firstDate(period: number, kind: PeriodKind): { year: number; month: number; day: number } {
  switch (kind) {
    case 'day':
      return dateOfDay(period);
    case 'week':
      return dateOfDay(period * 7 - MONDAY_OFFSET);
    case 'month':
      return { year: Math.floor(period / 12), month: (((period % 12) + 12) % 12) + 1, day: 1 };
    case 'quarter':
      return { year: Math.floor(period / 4), month: (((period % 4) + 4) % 4) * 3 + 1, day: 1 };
  }
}

function dateOfDay(day: number): { year: number; month: number; day: number } {
  const date = new Date(day * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
