import type { RunTrigger } from '../engine/journeys/types.js';
import type { Json, JsonObject } from '../core/types.js';
import { storableJson } from './safe-json.js';

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

/** Whether an object has exactly these keys, in this order (JSON keeps the order). */
function hasKeys(value: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in value) if (key !== keys[i++]) return false;
  return i === keys.length;
}

const TRIGGER_KEYS = ['key', 'name', 'properties', 'timestamp', 'account', 'cause'] as const;
const CAUSE_KEYS = ['event', 'properties'] as const;
const EVENT_CAUSE_KEYS = ['type', 'event', 'messageId', 'timestamp'] as const;

/**
 * Whether unpacking the packed trigger gives back this one, word for word: its fields are the
 * array's, in the order unpackTrigger writes them, with values JSON keeps as they are. Checked
 * field by field rather than by comparing the two JSON texts, which cost more than the rest of
 * the write of a run.
 */
function packable(trigger: RunTrigger): boolean {
  const { cause } = trigger;
  return (
    hasKeys(trigger, TRIGGER_KEYS) &&
    typeof trigger.key === 'string' &&
    typeof trigger.name === 'string' &&
    isObject(trigger.properties as Json) &&
    typeof trigger.timestamp === 'number' &&
    (trigger.account === null || typeof trigger.account === 'string') &&
    (cause === null ||
      (isObject(cause as unknown as Json) &&
        hasKeys(cause, CAUSE_KEYS) &&
        typeof cause.event === 'string' &&
        isObject(cause.properties as Json)))
  );
}

/** `properties` with the reason's cause replaced by its messageId, or null when it is not the trigger's own. */
function shortCause(trigger: RunTrigger): JsonObject | null {
  const reason = trigger.properties.reason;
  if (trigger.cause === null || !isObject(reason) || !isObject(reason.cause)) return null;
  const cause = reason.cause;
  const written =
    hasKeys(cause, EVENT_CAUSE_KEYS) &&
    cause.type === 'event' &&
    cause.event === trigger.cause.event &&
    typeof cause.messageId === 'string' &&
    cause.timestamp === trigger.timestamp;
  return written ? { ...trigger.properties, reason: { ...reason, cause: cause.messageId } } : null;
}

export function packTrigger(trigger: RunTrigger): PackedTrigger | RunTrigger {
  if (!packable(trigger)) return trigger;
  const short = shortCause(trigger);
  const packed: PackedTrigger = [
    trigger.key,
    trigger.name,
    short ?? trigger.properties,
    trigger.timestamp,
    trigger.account,
    trigger.cause?.event ?? null,
    (trigger.cause?.properties as JsonObject | undefined) ?? null,
  ];
  if (short) packed.push(1);
  return packed;
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
 * What a message's payload keeps in place of its trigger when the row of the run that sent it
 * holds the same one (the send step copies `run.trigger`): the store reads it from there. A
 * message outlives neither its run nor its user's other rows (erasure and merges move or delete
 * them together), and a run's trigger never changes.
 */
export const TRIGGER_OF_RUN = '@run';

/**
 * A message's payload as its row keeps it: `full`, its trigger packed like the run's; `byRun`,
 * the same with the trigger left to the run's row, and `trigger`, the packed trigger's JSON,
 * which the store compares with the run's before it keeps `byRun` (null: no run to refer to).
 * A trigger that is not an object is kept wrapped in a one-item array, so that a packed
 * trigger (an array of 7 or 8) and the reference above mean only that.
 */
export function packPayload(
  payload: JsonObject,
  runId: string | null,
): { full: JsonObject; byRun: JsonObject | null; trigger: string | null } {
  const trigger = payload.trigger;
  if (trigger === undefined) return { full: payload, byRun: null, trigger: null };
  if (!isObject(trigger))
    return { full: { ...payload, trigger: [trigger] }, byRun: null, trigger: null };
  const packed = packTrigger(trigger as unknown as RunTrigger) as unknown as Json;
  const full = packed === trigger ? payload : { ...payload, trigger: packed };
  if (runId === null) return { full, byRun: null, trigger: null };
  return {
    full,
    byRun: { ...payload, trigger: TRIGGER_OF_RUN },
    trigger: storableJson(packed),
  };
}

/**
 * The payload as it was given to the store (see packPayload), once the store has put back the
 * run's trigger for `TRIGGER_OF_RUN`; changes the parsed row in place.
 */
export function unpackPayload(payload: JsonObject): JsonObject {
  const trigger = payload.trigger;
  if (Array.isArray(trigger)) {
    payload.trigger =
      trigger.length === 1
        ? trigger[0]
        : (unpackTrigger(trigger as unknown as PackedTrigger) as unknown as Json);
  }
  return payload;
}

/**
 * Messages as PostgreSQL returns them (parsed), payloads unpacked in place: `runTrigger` is the
 * run's trigger, read beside a payload that refers to it, put back in its place.
 */
export function unpackPayloads<T extends { payload: JsonObject }>(messages: T[]): T[] {
  for (const m of messages as (T & { runTrigger?: Json })[]) {
    if (m.runTrigger !== undefined) {
      if (m.payload.trigger === TRIGGER_OF_RUN) m.payload.trigger = m.runTrigger;
      delete m.runTrigger;
    }
    unpackPayload(m.payload);
  }
  return messages;
}
