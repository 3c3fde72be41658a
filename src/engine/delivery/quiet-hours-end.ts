import { addDays, clockReaches, localTime, offsetChangeWithin } from '../time/index.js';

/** Enough for a clock set back into the window, or a jump that lands in it; one as a rule. */
const MAX_STEPS = 4;

type QuietHours = { from: number; to: number };

/**
 * If `now` falls in the quiet window (`from`–`to`, minutes since local midnight; a window may
 * span midnight, 21:00–08:00), the moment it ends in `zone`: the first moment after `now` at
 * which the wall clock shows a time outside it. As a rule that is when the clock reaches `to`.
 * Around daylight-saving changes: where the clock skips `to`, the jump (quiet until 02:30 ends at
 * 03:00 when 02:00 jumps to 03:00); where it is set back into the window, the second time it
 * shows `to`; where it is set back out of the window, that moment. Null outside the window.
 */
export function quietHoursEnd(quiet: QuietHours, now: number, zone: string): number | null {
  if (!isQuiet(quiet, now, zone)) return null;
  let time = now;
  for (let step = 0; step < MAX_STEPS; step++) {
    const end = nextEnd(quiet, time, zone);
    if (!(end > time)) break;
    // A change of offset before the clock reaches `to` moves the clock: look again from there.
    const change = offsetChangeWithin(time, end, zone);
    const next = change !== null && change < end ? change : end;
    if (!isQuiet(quiet, next, zone)) return next;
    time = next;
  }
  return time;
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
