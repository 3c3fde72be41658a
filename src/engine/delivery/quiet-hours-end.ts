import { addDays, clockReaches, localTime } from '../time/index.js';

/** Enough for a clock set back into the window, or a jump that lands in it; one as a rule. */
const MAX_STEPS = 4;

type QuietHours = { from: number; to: number };

/**
 * If `now` falls in the quiet window (`from`–`to`, minutes since local midnight; a window may
 * span midnight, 21:00–08:00), the moment it ends in `zone`: the first moment after `now` at
 * which the wall clock shows a time outside it. Where daylight saving skips `to`, that is the
 * jump (quiet until 02:30 ends at 03:00 when 02:00 jumps to 03:00); where the clock is set back
 * into the window, it is the second time the clock shows `to`. Null outside the window.
 */
export function quietHoursEnd(quiet: QuietHours, now: number, zone: string): number | null {
  if (!isQuiet(quiet, now, zone)) return null;
  let end = now;
  for (let step = 0; step < MAX_STEPS && isQuiet(quiet, end, zone); step++) {
    const next = nextEnd(quiet, end, zone);
    if (!(next > end)) break;
    end = next;
  }
  return end;
}

function isQuiet(quiet: QuietHours, time: number, zone: string): boolean {
  const local = localTime(time, zone);
  const minute = local.hour * 60 + local.minute;
  return quiet.from > quiet.to
    ? minute >= quiet.from || minute < quiet.to
    : minute >= quiet.from && minute < quiet.to;
}

/** When the clock next reaches `to` from `time`: today if still ahead on the clock, else tomorrow. */
function nextEnd(quiet: QuietHours, time: number, zone: string): number {
  const local = localTime(time, zone);
  const endDay = local.hour * 60 + local.minute < quiet.to ? local : addDays(local, 1);
  return clockReaches(endDay, quiet.to, zone, time);
}
