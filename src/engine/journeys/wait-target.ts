import { WEEKDAYS, type WaitStep } from '../../definitions/index.js';
import { addDays, localTime, localTimeToInstant, startOfLocalDate } from '../time/index.js';

/**
 * When a `wait` step ends, started at `now` for a user in `zone`: after `for`, then at the next
 * local time `at` on one of `days` (either may be left out). With `days` but no `at`, a moment on
 * an allowed day passes at once; otherwise the wait ends when that day begins (its first instant,
 * also where the clock skips midnight). An `at` that daylight saving skips resolves as many
 * minutes after the jump as it is past the jump's start (an hour later, as a rule); one the clock
 * shows twice resolves to the first (see localTimeToInstant).
 */
export function waitTarget(wait: WaitStep['wait'], now: number, zone: string): number {
  const after = now + (wait.for ?? 0);
  if (wait.at === undefined && wait.days === undefined) return after;
  const today = localTime(after, zone);
  // Eight days cover every weekday once, plus today's time already being past.
  for (let offset = 0; offset <= 8; offset++) {
    const date = addDays(today, offset);
    if (wait.days && !wait.days.includes(WEEKDAYS[date.weekday]!)) continue;
    if (wait.at === undefined) return offset === 0 ? after : startOfLocalDate(date, zone);
    const candidate = localTimeToInstant(date, wait.at, zone);
    if (candidate >= after) return candidate;
  }
  return after;
}
