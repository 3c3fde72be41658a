import type { Json, JsonObject, StoredEvent } from '../core/types.js';
import type { EventToInsert } from './store.js';

/**
 * How a state change's properties are kept in the event log. The state engine writes ~1.3
 * internal events per received event, each with a short reason: `{ rule, cause: { type:
 * "event", messageId } }`, the messageId that of the event that caused it — which the internal
 * event's own messageId already begins with (`<cause>/<n>`). The row keeps such a reason as
 * `[rule]`, ~50 bytes fewer per row; a reason of any other shape (a tick, a cause named
 * otherwise) is kept as it is, and rows written before read as they were (an internal event
 * carries a reason only from the state engine, an object). A reason given as a one-item array
 * is kept wrapped in one more, so that it never reads as a packed one. Only the properties'
 * `reason` changes: what SQL reads of an internal event (its name, `kind`, `from`, `to`,
 * `message`) stays where it was.
 */

/** The cause a packed reason stands for: the event the row's own messageId derives from. */
function causeOf(messageId: string): string | null {
  const slash = messageId.lastIndexOf('/');
  return slash > 0 ? messageId.slice(0, slash) : null;
}

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether an object has exactly these keys, in this order (JSON keeps the order). */
function hasKeys(value: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in value) if (key !== keys[i++]) return false;
  return i === keys.length;
}

/** The properties to store for an event (the same object when nothing is packed). */
export function packedProperties(e: EventToInsert): JsonObject {
  if (e.source !== 'internal') return e.properties;
  const reason = e.properties.reason;
  if (Array.isArray(reason) && reason.length === 1) return { ...e.properties, reason: [reason] };
  if (!isObject(reason) || typeof reason.rule !== 'string' || !isObject(reason.cause)) {
    return e.properties;
  }
  const cause = reason.cause;
  const written =
    hasKeys(reason, ['rule', 'cause']) &&
    hasKeys(cause, ['type', 'messageId']) &&
    cause.type === 'event' &&
    typeof cause.messageId === 'string' &&
    cause.messageId === causeOf(e.messageId);
  if (!written) return e.properties;
  return { ...e.properties, reason: [reason.rule] };
}

/** Puts back a packed reason (see above) in an event read from the log; in place. */
export function unpackEvent<T extends StoredEvent>(e: T): T {
  const reason = e.properties.reason;
  if (e.source !== 'internal' || !Array.isArray(reason) || reason.length !== 1) return e;
  const cause = causeOf(e.messageId);
  if (typeof reason[0] !== 'string') e.properties.reason = reason[0];
  else if (cause !== null) {
    e.properties.reason = { rule: reason[0], cause: { type: 'event', messageId: cause } };
  }
  return e;
}
