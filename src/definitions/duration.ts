import { z } from 'zod';
import { expecting } from './error-map.js';

/** Milliseconds per duration unit. `m` is minutes (months have no fixed length). */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

/**
 * Parses a human duration (`7d`, `48h`, `30m`, `1d12h`) to milliseconds; null when the text is
 * not a duration.
 */
export function parseDuration(text: string): number | null {
  const compact = text.trim();
  if (!DURATION.test(compact)) return null;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

/** Formats milliseconds back to the largest exact unit (`7d`, `36h`), for reasons and errors. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's']) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

const EXPECTED = 'expected a duration like 30m, 48h, 7d or 2w';

/** A positive duration written as text in the YAML, parsed to milliseconds. */
export const durationSchema = z
  .string({ error: expecting('a duration like 30m, 48h, 7d or 2w') })
  .regex(DURATION, EXPECTED)
  .transform((text, ctx) => {
    const ms = parseDuration(text)!;
    if (ms <= 0)
      ctx.issues.push({ code: 'custom', message: 'expected a duration above zero', input: text });
    return ms;
  });
