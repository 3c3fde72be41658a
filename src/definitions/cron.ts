import { z } from 'zod';
import { expecting } from './error-map.js';

/**
 * A parsed cron expression (five fields: minute hour day-of-month month day-of-week). Each field
 * is the list of allowed values as booleans by value. As in Vixie cron, when both day fields are
 * restricted a day matches if either does.
 */
export interface CronSpec {
  minutes: boolean[];
  hours: boolean[];
  /** Index 1–31. */
  days: boolean[];
  /** Index 1–12. */
  months: boolean[];
  /** Index 0–6, Sunday = 0 (7 is read as Sunday too). */
  weekdays: boolean[];
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59, names: [] as string[] },
  { name: 'hour', min: 0, max: 23, names: [] as string[] },
  { name: 'day of month', min: 1, max: 31, names: [] as string[] },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** Parses `0 9 * * mon-fri`; returns the spec, or a message saying what is wrong. */
export function parseCron(text: string): CronSpec | string {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5)
    return `expected 5 cron fields (minute hour day month weekday), found ${parts.length}`;
  const fields: boolean[][] = [];
  for (let i = 0; i < 5; i++) {
    const field = parseField(parts[i]!, FIELDS[i]!);
    if (typeof field === 'string') return field;
    fields.push(field);
  }
  const weekdays = fields[4]!;
  if (weekdays[7]) weekdays[0] = true;
  return {
    minutes: fields[0]!,
    hours: fields[1]!,
    days: fields[2]!,
    months: fields[3]!,
    weekdays: weekdays.slice(0, 7),
    daysRestricted: parts[2] !== '*',
    weekdaysRestricted: parts[4] !== '*',
  };
}

function parseField(text: string, field: (typeof FIELDS)[number]): boolean[] | string {
  const allowed = new Array<boolean>(field.max + 1).fill(false);
  const value = (token: string): number | null => {
    const named = field.names.indexOf(token.toLowerCase());
    if (named >= 0) return named + (field.name === 'month' ? 1 : 0);
    if (!/^\d+$/.test(token)) return null;
    const number = Number(token);
    return number >= field.min && number <= field.max ? number : null;
  };
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/', 2) as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return `${field.name}: invalid step in "${item}"`;
    let from: number | null;
    let to: number | null;
    if (range === '*') [from, to] = [field.min, field.name === 'day of week' ? 6 : field.max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-', 2) as [string, string];
      [from, to] = [value(a), value(b)];
    } else {
      from = value(range);
      to = stepText === undefined ? from : field.max;
    }
    if (from === null || to === null || from > to)
      return `${field.name}: expected values ${field.min}–${field.max}${
        field.names.length ? ` or names (${field.names.join(', ')})` : ''
      }, found "${item}"`;
    for (let v = from; v <= to; v += step) allowed[v] = true;
  }
  return allowed;
}

/** A cron expression in the YAML, validated; kept as text (the engine parses it once). */
export const cronSchema = z
  .string({ error: expecting('a cron expression like "0 9 * * mon"') })
  .superRefine((text, ctx) => {
    const parsed = parseCron(text);
    if (typeof parsed === 'string')
      ctx.addIssue({ code: 'custom', message: `${parsed} (cron: minute hour day month weekday)` });
  });
