import type { EventSource, IncomingEvent } from '../core/types.js';
import type { ValidEvent } from './validate-event.js';

export interface NormalizeOptions {
  /** When the request reached Cairn. */
  receivedAt: number;
  /** The batch-level `sentAt`, used when an event has none of its own. */
  batchSentAt?: number | null;
  source: EventSource;
}

/**
 * Applies Segment's clock-skew correction: a device clock that is off shifts `timestamp` and
 * `sentAt` alike, so `receivedAt - (sentAt - timestamp)` is when the event really happened on
 * the server's clock. Imports keep their timestamps as given: they were not sent just now.
 */
export function normalizeEvent(valid: ValidEvent, options: NormalizeOptions): IncomingEvent {
  const sentAt = valid.sentAt ?? options.batchSentAt ?? null;
  const original = valid.timestamp;
  const receivedAt =
    options.source === 'import' ? (valid.receivedAt ?? options.receivedAt) : options.receivedAt;
  let timestamp: number;
  if (original === null) timestamp = receivedAt;
  else if (sentAt === null || options.source === 'import') timestamp = original;
  else timestamp = receivedAt - (sentAt - original);

  return {
    messageId: valid.messageId,
    type: valid.type,
    event: valid.event,
    userId: valid.userId,
    anonymousId: valid.anonymousId,
    groupId: valid.groupId,
    previousId: valid.previousId,
    timestamp,
    originalTimestamp: original,
    sentAt,
    receivedAt,
    properties: valid.properties,
    traits: valid.traits,
    context: valid.context,
    source: options.source,
  };
}
