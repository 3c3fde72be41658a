import { addDays, fromLocal, localTime } from '../time/local-time.js';

/**
 * If `now` falls in the quiet window (`from`–`to`, minutes since local midnight; a window may
 * span midnight, 21:00–08:00), the moment it ends in `zone`; null outside it.
 */
export function quietHoursEnd(
  quiet: { from: number; to: number },
  now: number,
  zone: string,
): number | null {
  const local = localTime(now, zone);
  const minute = local.hour * 60 + local.minute;
  const spansMidnight = quiet.from > quiet.to;
  const inside = spansMidnight
    ? minute >= quiet.from || minute < quiet.to
    : minute >= quiet.from && minute < quiet.to;
  if (!inside) return null;
  // The window ends today when `to` is still ahead on the clock, else tomorrow.
  const endDay = minute < quiet.to ? local : addDays(local, 1);
  return fromLocal(zone, endDay, quiet.to);
}
