/** The largest distance from 1970 a JavaScript date can hold, in milliseconds (ECMA-262). */
const DATE_RANGE = 8.64e15;

/**
 * A stored time as ISO 8601 in UTC, or null when it is no date at all. Times are checked at
 * ingest, but a row written before that check (or by hand) must never turn a read into a 500:
 * `new Date(t).toISOString()` throws for a time outside the date range.
 */
export function isoTime(time: number | null | undefined): string | null {
  if (typeof time !== 'number' || !(Math.abs(time) <= DATE_RANGE)) return null;
  return new Date(time).toISOString();
}
