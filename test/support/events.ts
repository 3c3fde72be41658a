import { randomUUID } from 'node:crypto';
import type { IncomingEvent } from '../../src/core/types.js';

/** A normalised event with sensible defaults, for tests that do not go through HTTP. */
export function anEvent(
  fields: Partial<IncomingEvent> & Pick<IncomingEvent, 'type'>,
): IncomingEvent {
  const timestamp = fields.timestamp ?? Date.UTC(2026, 0, 5, 9);
  return {
    messageId: randomUUID(),
    event: null,
    userId: null,
    anonymousId: null,
    groupId: null,
    previousId: null,
    originalTimestamp: timestamp,
    sentAt: null,
    receivedAt: timestamp,
    properties: {},
    traits: {},
    context: {},
    source: 'api',
    ...fields,
    timestamp,
  };
}
