import { z } from 'zod';
import { expecting } from './error-map.js';

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** `09:30` → minutes since midnight (570); null when the text is not a time of day. */
export function parseTimeOfDay(text: string): number | null {
  const match = TIME.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Minutes since midnight back to `HH:MM`, for reasons and errors. */
export function formatTimeOfDay(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A local time of day written `HH:MM` (24-hour clock), parsed to minutes since midnight. */
export const timeOfDaySchema = z
  .string({ error: expecting('a time of day like 09:00 or 21:30') })
  .regex(TIME, 'expected a time of day like 09:00 or 21:30 (24-hour clock)')
  .transform((text) => parseTimeOfDay(text)!);

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const weekdaySchema = z.enum(WEEKDAYS, {
  error: `expected a weekday: one of ${WEEKDAYS.join(', ')}`,
});
