import { formatDuration } from '../../definitions/duration.js';
import { isoTime } from '../../core/iso-time.js';

/** A moment as ISO 8601 (UTC), for facts. */
export function iso(time: number): string {
  return isoTime(time) ?? 'an invalid time';
}

/** An age in its two largest units: `10d 2h`, `45m`. */
export function age(ms: number): string {
  if (ms < 0) return `in ${age(-ms)}`;
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    } else if (parts.length > 0) break;
  }
  return parts.length ? parts.join(' ') : `${ms}ms`;
}

export const duration = formatDuration;

/** A score with two decimals at most. */
export function points(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export function quoteList(names: string[]): string {
  return names.map((name) => `"${name}"`).join(' or ');
}
