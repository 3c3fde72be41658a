import { isPlainObject } from '../core/is-plain-object.js';
import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type EventType, type JsonObject } from '../core/types.js';
import type { FieldError } from './field-error.js';
import { checkValueLimits } from './value-limits.js';

/**
 * Validates one Segment-spec call and returns it in a shape that still carries the client's
 * times as given. Hand-written rather than schema-driven: this runs for every event on the
 * ingest hot path, and each message names the exact field the way a Segment user knows it.
 */
export interface ValidEvent {
  type: EventType;
  messageId: string;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  previousId: string | null;
  timestamp: number | null;
  sentAt: number | null;
  receivedAt: number | null;
  properties: JsonObject;
  traits: JsonObject;
  context: JsonObject;
}

export type ValidateResult = { ok: true; event: ValidEvent } | { ok: false; errors: FieldError[] };

export const MAX_ID_LENGTH = 512;

export function validateEvent(body: unknown, path = '', forcedType?: EventType): ValidateResult {
  const errors: FieldError[] = [];
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (!isPlainObject(body)) {
    return { ok: false, errors: [{ field: path || 'body', message: 'must be a JSON object' }] };
  }

  let type = forcedType;
  if (!type) {
    const raw = body.type;
    if (typeof raw !== 'string' || !EVENT_TYPES.includes(raw as EventType)) {
      errors.push({
        field: at('type'),
        message:
          raw === undefined
            ? `is required (one of ${EVENT_TYPES.join(', ')})`
            : `unknown type ${JSON.stringify(raw)}: expected one of ${EVENT_TYPES.join(', ')}`,
      });
      return { ok: false, errors };
    }
    type = raw as EventType;
  }

  const userId = readId(body, 'userId', at, errors);
  const anonymousId = readId(body, 'anonymousId', at, errors);
  if (userId === null && anonymousId === null && !errors.length) {
    errors.push({ field: at('userId'), message: 'userId or anonymousId is required' });
  }
  const messageId = readId(body, 'messageId', at, errors) ?? randomUUID();
  const properties = readObject(body, 'properties', at, errors);
  const traits = readObject(body, 'traits', at, errors);
  const context = readObject(body, 'context', at, errors);
  const timestamp = readTime(body, 'timestamp', at, errors);
  const sentAt = readTime(body, 'sentAt', at, errors);
  const receivedAt = readTime(body, 'receivedAt', at, errors);

  let event: string | null = null;
  let groupId: string | null = null;
  let previousId: string | null = null;
  if (type === 'track') {
    event = readName(body, 'event', at, errors, true);
  } else if (type === 'page' || type === 'screen') {
    event = readName(body, 'name', at, errors, false);
  } else if (type === 'group') {
    groupId = readId(body, 'groupId', at, errors);
    if (groupId === null && !hasError(errors, at('groupId'))) {
      errors.push({ field: at('groupId'), message: 'is required for group calls' });
    }
  } else if (type === 'alias') {
    previousId = readId(body, 'previousId', at, errors);
    if (previousId === null && !hasError(errors, at('previousId'))) {
      errors.push({ field: at('previousId'), message: 'is required for alias calls' });
    }
    if (userId === null && !hasError(errors, at('userId'))) {
      errors.push({ field: at('userId'), message: 'is required for alias calls' });
    }
  }
  if (type !== 'group' && typeof context.groupId === 'string' && context.groupId) {
    groupId = context.groupId;
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    event: {
      type,
      messageId,
      event,
      userId,
      anonymousId,
      groupId,
      previousId,
      timestamp,
      sentAt,
      receivedAt,
      properties,
      traits,
      context,
    },
  };
}

function hasError(errors: FieldError[], field: string): boolean {
  return errors.some((e) => e.field === field);
}

type At = (field: string) => string;

/** Ids may be strings or numbers (several SDKs send numeric user ids); both are kept as text. */
function readId(body: Record<string, unknown>, key: string, at: At, errors: FieldError[]) {
  return readString(body, key, at, errors, true);
}

function readName(
  body: Record<string, unknown>,
  key: string,
  at: At,
  errors: FieldError[],
  required: boolean,
): string | null {
  const value = readString(body, key, at, errors, false);
  if (value === null && required && !hasError(errors, at(key))) {
    errors.push({ field: at(key), message: 'is required for track calls' });
  }
  return value;
}

function readString(
  body: Record<string, unknown>,
  key: string,
  at: At,
  errors: FieldError[],
  numbersAllowed: boolean,
): string | null {
  const value = body[key];
  if (value === undefined || value === null || value === '') return null;
  if (numbersAllowed && typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    errors.push({ field: at(key), message: 'must be a string' });
    return null;
  }
  if (value.length > MAX_ID_LENGTH) {
    errors.push({ field: at(key), message: `must be at most ${MAX_ID_LENGTH} characters` });
    return null;
  }
  if (value.includes('\u0000')) {
    errors.push({ field: at(key), message: 'must not contain the NUL character' });
    return null;
  }
  return value;
}

function readObject(
  body: Record<string, unknown>,
  key: string,
  at: At,
  errors: FieldError[],
): JsonObject {
  const value = body[key];
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    errors.push({ field: at(key), message: 'must be an object' });
    return {};
  }
  checkValueLimits(value, at(key), errors);
  return value as JsonObject;
}

function readTime(
  body: Record<string, unknown>,
  key: string,
  at: At,
  errors: FieldError[],
): number | null {
  const value = body[key];
  if (value === undefined || value === null || value === '') return null;
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(time)) {
    errors.push({ field: at(key), message: 'must be an ISO 8601 date-time' });
    return null;
  }
  return time;
}
