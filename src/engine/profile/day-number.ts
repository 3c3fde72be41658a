const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat | null>();

/**
 * The calendar day (days since 1970-01-01) on which `time` falls in `timeZone`, or in UTC when
 * the zone is unknown or invalid. Formatters are cached: building one costs far more than using it.
 */
export function dayNumber(time: number, timeZone?: string | null): number {
  const offset = timeZone ? zoneOffset(time, timeZone) : 0;
  return Math.floor((time + offset) / DAY_MS);
}

function zoneOffset(time: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      formatter = null;
    }
    formatters.set(timeZone, formatter);
  }
  if (!formatter) return 0;
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(time)) parts[part.type] = Number(part.value);
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return local - (time - (time % 60_000));
}
