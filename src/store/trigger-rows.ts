import type { RunTrigger } from '../engine/journeys/types.js';
import type { Json, JsonObject } from '../core/types.js';

/**
 * How a run's trigger is kept in a row: in the run's document and in each message the run sends
 * (`payload.trigger`). With the example workspace a trigger is about 350 bytes of JSON and is
 * written ~1 time per received event (0.65 runs, 0.35 messages), most of it field names and,
 * for a state change, its reason's cause repeating the trigger's own cause and time.
 *
 * Packed, a trigger is an array: `[key, name, properties, timestamp, account, cause event,
 * cause properties]`, and when the reason's cause is the trigger's own causing event,
 * `properties.reason.cause` holds only that event's messageId and the array an eighth item, 1.
 * A trigger is packed only when unpacking gives back the same JSON, so a shape this does not
 * foresee is kept as it came; rows written before (objects) read as they were.
 */
export type PackedTrigger = [
  string,
  string,
  JsonObject,
  number,
  string | null,
  string | null,
  JsonObject | null,
  1?,
];

interface EventCause {
  type: 'event';
  event: string;
  messageId: string;
  timestamp: number;
}

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The reason's cause written out from the trigger, as the state engine writes it. */
function eventCause(trigger: RunTrigger, messageId: string): EventCause {
  return { type: 'event', event: trigger.cause!.event, messageId, timestamp: trigger.timestamp };
}

/** `properties` with the reason's cause replaced by its messageId, or null when it is not the trigger's own. */
function shortCause(trigger: RunTrigger): JsonObject | null {
  const reason = trigger.properties.reason;
  if (trigger.cause === null || !isObject(reason) || !isObject(reason.cause)) return null;
  const messageId = reason.cause.messageId;
  if (typeof messageId !== 'string') return null;
  if (JSON.stringify(reason.cause) !== JSON.stringify(eventCause(trigger, messageId))) return null;
  return { ...trigger.properties, reason: { ...reason, cause: messageId } };
}

export function packTrigger(trigger: RunTrigger): PackedTrigger | RunTrigger {
  if (!isObject(trigger.properties as Json)) return trigger;
  const short = shortCause(trigger);
  const packed: PackedTrigger = [
    trigger.key,
    trigger.name,
    short ?? trigger.properties,
    trigger.timestamp,
    trigger.account,
    trigger.cause?.event ?? null,
    trigger.cause?.properties ?? null,
  ];
  if (short) packed.push(1);
  return JSON.stringify(unpackTrigger(packed)) === JSON.stringify(trigger) ? packed : trigger;
}

export function unpackTrigger(stored: PackedTrigger | RunTrigger): RunTrigger {
  if (!Array.isArray(stored)) return stored;
  const [key, name, properties, timestamp, account, causeEvent, causeProperties, short] = stored;
  const trigger: RunTrigger = {
    key,
    name,
    properties,
    timestamp,
    account,
    cause: causeEvent === null ? null : { event: causeEvent, properties: causeProperties! },
  };
  if (short === 1) {
    const reason = properties.reason as JsonObject;
    trigger.properties = {
      ...properties,
      reason: { ...reason, cause: eventCause(trigger, reason.cause as string) as unknown as Json },
    };
  }
  return trigger;
}

/**
 * A message's payload as its row keeps it: its `trigger` (the send step's copy of the run's)
 * packed like the run's. Anything else in the payload is kept as it is.
 */
export function packPayload(payload: JsonObject): JsonObject {
  const trigger = payload.trigger;
  if (!isObject(trigger)) return payload;
  const packed = packTrigger(trigger as unknown as RunTrigger);
  return packed === (trigger as unknown) ? payload : { ...payload, trigger: packed as Json };
}

/** The payload as it was given to the store (see packPayload); changes the parsed row in place. */
export function unpackPayload(payload: JsonObject): JsonObject {
  if (Array.isArray(payload.trigger)) {
    payload.trigger = unpackTrigger(payload.trigger as PackedTrigger) as unknown as Json;
  }
  return payload;
}

/** Messages as read from rows (PostgreSQL returns them parsed), payloads unpacked in place. */
export function unpackPayloads<T extends { payload: JsonObject }>(messages: T[]): T[] {
  for (const m of messages) unpackPayload(m.payload);
  return messages;
}
