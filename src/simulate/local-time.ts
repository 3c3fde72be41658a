const HOUR = 3_600_000;
const formats = new Map<string, Intl.DateTimeFormat>();
/** Offsets per zone and UTC hour: Intl is slow, and an offset only changes on the hour. */
const offsets = new Map<string, number>();

/** The zone's offset from UTC at `time`, in ms (positive east of Greenwich). */
export function zoneOffset(zone: string, time: number): number {
  const hour = Math.floor(time / HOUR);
  const key = `${zone}\u0000${hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    let format = formats.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
      formats.set(zone, format);
    }
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(hour * HOUR)) parts[part.type] = Number(part.value);
    const local = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute);
    offset = local - hour * HOUR;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
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
