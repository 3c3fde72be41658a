import { zoneOffset as engineZoneOffset } from '../engine/time/zone-offset.js';

const HOUR = 3_600_000;
/** The zone's offset from UTC at `time`, in ms (positive east of Greenwich): the engine's. */
export function zoneOffset(zone: string, time: number): number {
  return engineZoneOffset(time, zone);
}

/** Local hour (fractional) and weekday (0 = Sunday) of `time` in `zone`. */
export function localTime(zone: string, time: number): { hour: number; weekday: number } {
  const local = new Date(time + zoneOffset(zone, time));
  return {
    hour: local.getUTCHours() + local.getUTCMinutes() / 60,
    weekday: local.getUTCDay(),
  };
}

/** The UTC time of `hour` o'clock local time on the local day of `time`, plus `days`. */
export function localHourOn(zone: string, time: number, days: number, hour: number): number {
  const offset = zoneOffset(zone, time);
  const local = new Date(time + offset);
  const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days);
  const guess = wall + hour * HOUR - offset;
  // Across a DST change the offset of the target day may differ by an hour.
  return wall + hour * HOUR - zoneOffset(zone, guess);
}
