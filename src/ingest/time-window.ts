import type { IncomingEvent } from '../core/types.js';
import type { FieldError } from './field-error.js';

/**
 * The times an event may have, after the clock-skew correction: from 2000-01-01 to one day
 * after it reached Cairn. Outside that window a time is a broken device clock or an attack (a
 * `timestamp` and `sentAt` at the two ends of the JavaScript date range correct to a time no
 * date can hold); such an event is refused with a 400 rather than clamped, so the sender learns
 * its clock is wrong instead of having its events silently moved.
 */
export const EARLIEST_EVENT_TIME = Date.UTC(2000, 0, 1);
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/** Given times (`timestamp`, `sentAt`, `receivedAt` as sent) must lie within years 0–9999. */
const EARLIEST_GIVEN = Date.parse('0000-01-01T00:00:00Z');
const LATEST_GIVEN = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Why the event's times cannot be stored; empty when they can. `now`: when it arrived. */
export function eventTimeErrors(event: IncomingEvent, now: number, path = ''): FieldError[] {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const errors: FieldError[] = [];
  for (const [field, time] of [
    ['originalTimestamp', event.originalTimestamp],
    ['sentAt', event.sentAt],
    ['receivedAt', event.receivedAt],
  ] as const) {
    if (time !== null && (time < EARLIEST_GIVEN || time > LATEST_GIVEN))
      errors.push({
        field: at(field === 'originalTimestamp' ? 'timestamp' : field),
        message: 'must be a date between the years 0000 and 9999',
      });
  }
  if (errors.length) return errors;
  const time = event.timestamp;
  if (!(time >= EARLIEST_EVENT_TIME && time <= now + MAX_FUTURE_MS)) {
    const corrected =
      event.sentAt !== null && event.originalTimestamp !== null && event.source !== 'import';
    errors.push({
      field: at('timestamp'),
      message:
        `must be from 2000-01-01 to one day after the event is received` +
        (corrected
          ? ' (after correcting for the difference between sentAt and the time received)'
          : ''),
    });
  }
  return errors;
}
