import type { CronSpec } from '../../definitions/index.js';
import { addDays, localTime, localTimeToInstant } from '../time/index.js';

/** Years of days searched: "29 February" fires at most every four years. */
const MAX_DAYS = 366 * 5;

/**
 * The first minute strictly after `after` at which a cron spec fires, read on the wall clock of
 * `zone` (so `0 9 * * mon` is 9:00 Monday for each user where they are). Null if it never fires
 * (`0 0 31 2 *`). Around daylight-saving changes, times resolve as in `localTimeToInstant`: a
 * skipped time fires an hour later (so `30 2 * * *` runs at 03:30 that night), a time shown twice
 * fires once, the first time.
 */
export function nextCronTime(spec: CronSpec, after: number, zone: string): number | null {
  const start = localTime(after, zone);
  for (let offset = 0; offset < MAX_DAYS; offset++) {
    const date = addDays(start, offset);
    if (!spec.months[date.month] || !dayMatches(spec, date.day, date.weekday)) continue;
    for (let hour = 0; hour < 24; hour++) {
      if (!spec.hours[hour]) continue;
      for (let minute = 0; minute < 60; minute++) {
        if (!spec.minutes[minute]) continue;
        const candidate = localTimeToInstant(date, hour * 60 + minute, zone);
        if (candidate > after) return candidate;
      }
    }
  }
  return null;
}

/** As in Vixie cron: with both day fields restricted, either may match. */
function dayMatches(spec: CronSpec, day: number, weekday: number): boolean {
  if (spec.daysRestricted && spec.weekdaysRestricted)
    return spec.days[day]! || spec.weekdays[weekday]!;
  if (spec.daysRestricted) return spec.days[day]!;
  if (spec.weekdaysRestricted) return spec.weekdays[weekday]!;
  return true;
}
