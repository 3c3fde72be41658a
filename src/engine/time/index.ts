// Local time in IANA zones: conversions (local-time.ts) and calendar days and weeks (local-day.ts).
export { isTimeZone, offsetChangeWithin, zoneOffset } from './zone-offset.js';
export {
  addDays,
  clockReaches,
  fromLocal,
  localTime,
  localTimeToInstant,
  type LocalDate,
  type LocalTime,
} from './local-time.js';
export {
  dateOfDayNumber,
  dayNumberOfDate,
  localDayNumber,
  localWeekNumber,
  startOfLocalDate,
  startOfLocalDay,
  startOfLocalDayNumber,
  startOfLocalWeek,
} from './local-day.js';
