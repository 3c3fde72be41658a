/**
 * Calendar periods in UTC: days, ISO weeks (Monday to Sunday) and months, numbered so that
 * consecutive periods have consecutive numbers. Analytics count activity by UTC day (the
 * `activity_days` pre-aggregate), so every period is a whole number of UTC days.
 */
export type PeriodUnit = 'day' | 'week' | 'month';
export const PERIOD_UNITS: readonly PeriodUnit[] = ['day', 'week', 'month'];

export const DAY_MS = 86_400_000;

/** The UTC day number of a time: days since 1970-01-01. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The period a UTC day falls in. Day 0 (1970-01-01) was a Thursday; day 4 a Monday. */
export function periodOfDay(unit: PeriodUnit, day: number): number {
  if (unit === 'day') return day;
  if (unit === 'week') return Math.floor((day + 3) / 7);
  const date = new Date(day * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export function periodOf(unit: PeriodUnit, ms: number): number {
  return periodOfDay(unit, dayOf(ms));
}

/** The first UTC day of a period. */
export function firstDayOf(unit: PeriodUnit, period: number): number {
  if (unit === 'day') return period;
  if (unit === 'week') return period * 7 - 3;
  return Date.UTC(Math.floor(period / 12), period % 12, 1) / DAY_MS;
}

export function periodStart(unit: PeriodUnit, period: number): number {
  return firstDayOf(unit, period) * DAY_MS;
}

/** The end of a period (exclusive): the start of the next one. */
export function periodEnd(unit: PeriodUnit, period: number): number {
  return periodStart(unit, period + 1);
}

/** `2026-03-02` (a day, or a week's Monday) or `2026-03` (a month). */
export function periodLabel(unit: PeriodUnit, period: number): string {
  const iso = new Date(periodStart(unit, period)).toISOString();
  return unit === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}
