import { isPlainObject } from '../core/is-plain-object.js';
import type { EventSource, EventType, IncomingEvent, JsonObject } from '../core/types.js';
import type { FieldError } from './field-error.js';
import { normalizeEvent } from './normalize-event.js';
import { eventTimeErrors } from './time-window.js';
import { validateEvent } from './validate-event.js';

/** Segment's limits: 32 KB per event, 500 KB per batch request. */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

export interface RejectedEvent {
  index: number;
  errors: FieldError[];
  /** Valid, but the key may not send it (403 on a single call). */
  forbidden?: true;
}

/** What the sender's key may not do in an event (keys/event-scope.ts); empty: allowed. */
export type EventCheck = (event: IncomingEvent, path: string) => FieldError[];

export interface ParsedBatch {
  events: IncomingEvent[];
  /** Each event's index in the request's batch. */
  indexes: number[];
  rejected: RejectedEvent[];
}

/**
 * Splits a `/v1/batch` body into the events that can be stored and the ones that cannot, each
 * rejected one by its index and why. One bad event never costs the others their place.
 * `bodyBytes`, the size of the body as received, when known: a body within the per-event limit
 * cannot hold an event over it, so its events are not measured one by one.
 */
export function parseBatch(
  body: unknown,
  receivedAt: number,
  source: EventSource,
  bodyBytes?: number,
  check?: EventCheck,
): ParsedBatch {
  const measure = !(bodyBytes !== undefined && bodyBytes <= MAX_EVENT_BYTES);
  const record = body as Record<string, unknown>;
  const items = record.batch as unknown[];
  const batchSentAt = typeof record.sentAt === 'string' ? Date.parse(record.sentAt) : NaN;
  const sharedContext = isPlainObject(record.context) ? record.context : null;
  const events: IncomingEvent[] = [];
  const indexes: number[] = [];
  const rejected: RejectedEvent[] = [];
  items.forEach((item, index) => {
    const path = `batch[${index}]`;
    const size = measure ? byteSize(item) : 0;
    if (size > MAX_EVENT_BYTES) {
      rejected.push({ index, errors: [{ field: path, message: tooLarge(size) }] });
      return;
    }
    const result = validateEvent(item, path);
    if (!result.ok) {
      rejected.push({ index, errors: result.errors });
      return;
    }
    const valid = result.event;
    // A batch-level context (some SDKs send one) fills in what the event's own context lacks.
    if (sharedContext) valid.context = { ...(sharedContext as JsonObject), ...valid.context };
    const event = normalizeEvent(valid, {
      receivedAt,
      batchSentAt: Number.isFinite(batchSentAt) ? batchSentAt : null,
      source,
    });
    const timeErrors = eventTimeErrors(event, receivedAt, path);
    const refused = timeErrors.length ? [] : (check?.(event, path) ?? []);
    if (timeErrors.length) rejected.push({ index, errors: timeErrors });
    else if (refused.length) rejected.push({ index, errors: refused, forbidden: true });
    else {
      events.push(event);
      indexes.push(index);
    }
  });
  return { events, indexes, rejected };
}

/** Checks the envelope of a batch body; returns the field errors that make it unusable. */
export function checkBatchEnvelope(body: unknown): FieldError[] {
  if (!isPlainObject(body)) return [{ field: 'body', message: 'must be a JSON object' }];
  if (!Array.isArray(body.batch))
    return [{ field: 'batch', message: 'must be an array of events' }];
  if (body.batch.length === 0) return [{ field: 'batch', message: 'must not be empty' }];
  return [];
}

/** Parses a single-call endpoint body (`/v1/track`…), whose type comes from the path. */
export function parseSingle(
  body: unknown,
  type: EventType,
  receivedAt: number,
): { event: IncomingEvent } | { errors: FieldError[] } {
  const result = validateEvent(body, '', type);
  if (!result.ok) return { errors: result.errors };
  const event = normalizeEvent(result.event, { receivedAt, source: 'api' });
  const timeErrors = eventTimeErrors(event, receivedAt);
  return timeErrors.length ? { errors: timeErrors } : { event };
}

export function tooLarge(size: number): string {
  return `event is ${size} bytes; the limit is ${MAX_EVENT_BYTES} bytes (32 KB)`;
}

/** The event's size as JSON; 0 when it nests too deep to serialize (validation then says so). */
function byteSize(item: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(item ?? null));
  } catch {
    return 0;
  }
}
