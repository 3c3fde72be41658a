import type { IncomingEvent, Json, JsonObject } from '../../core/types.js';
import { counterName } from '../profile/counter-name.js';
import type { StateChange } from '../state/state-change.js';
import type { Occurrence, UpdateCommand } from './types.js';
import { ownValue } from '../../core/own-key.js';

/** Occurrence names that are not product events. */
export const TRAIT_CHANGED = 'Trait Changed';
export const JOURNEY_SCHEDULED = 'Journey Scheduled';

/** A tracked event (or page, screen, identify… call) as an occurrence. */
export function eventOccurrence(event: IncomingEvent, account: string | null = null): Occurrence {
  return {
    key: account === null ? event.messageId : `${event.messageId}@${account}`,
    name: counterName(event) ?? event.type,
    properties: event.properties,
    timestamp: event.timestamp,
    imported: event.source === 'import',
    account,
    cause: null,
  };
}

/**
 * A state change as an occurrence. `cause` is the event that was being applied (null for a
 * tick): its source decides whether the change counts as imported, and its time is when the
 * change happened in the product.
 */
export function stateChangeOccurrence(
  change: StateChange,
  cause: IncomingEvent | null,
): Occurrence {
  const properties = change.properties as unknown as JsonObject;
  const subject = ['milestone', 'segment', 'dimension', 'kind', 'threshold']
    .map((key) => ownValue(properties, key))
    .filter((value) => typeof value === 'string')
    .join('/');
  return {
    key: `${cause?.messageId ?? `tick@${change.timestamp}`}/${change.name}/${subject}`,
    name: change.name,
    properties,
    timestamp: cause?.timestamp ?? change.timestamp,
    imported: cause?.source === 'import',
    account: null,
    cause: cause ? { event: counterName(cause) ?? cause.type, properties: cause.properties } : null,
  };
}

/**
 * The traits an event changed (identify for users, group for accounts), one occurrence each,
 * from the traits before and after it was folded.
 */
export function traitChangeOccurrences(
  before: JsonObject,
  after: JsonObject,
  cause: IncomingEvent,
  account: string | null = null,
): Occurrence[] {
  const suffix = account === null ? '' : `@${account}`;
  return traitChanges(before, after).map(({ trait, from, to }) => ({
    key: `${cause.messageId}/${TRAIT_CHANGED}/${trait}${suffix}`,
    name: TRAIT_CHANGED,
    properties: { trait, from, to },
    timestamp: cause.timestamp,
    imported: cause.source === 'import',
    account,
    cause: null,
  }));
}

/** The traits an `update` step changed (see applyProfileUpdate), one occurrence each. */
export function updateOccurrences(
  before: JsonObject,
  after: JsonObject,
  update: Pick<UpdateCommand, 'idempotencyKey' | 'at'>,
): Occurrence[] {
  return traitChanges(before, after).map(({ trait, from, to }) => ({
    key: `${update.idempotencyKey}/${TRAIT_CHANGED}/${trait}`,
    name: TRAIT_CHANGED,
    properties: { trait, from, to },
    timestamp: update.at,
    imported: false,
    account: null,
    cause: null,
  }));
}

function traitChanges(before: JsonObject, after: JsonObject) {
  const out: { trait: string; from: Json; to: Json }[] = [];
  for (const trait of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const from = ownValue(before, trait) ?? null;
    const to = ownValue(after, trait) ?? null;
    if (!sameJson(from, to)) out.push({ trait, from, to });
  }
  return out;
}

/** A schedule trigger firing for one user (the runtime fires it per time zone). */
export function scheduleOccurrence(journeyId: string, at: number): Occurrence {
  return {
    key: `schedule/${journeyId}/${at}`,
    name: JOURNEY_SCHEDULED,
    properties: { journey: journeyId },
    timestamp: at,
    imported: false,
    account: null,
    cause: null,
  };
}

function sameJson(a: Json, b: Json): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
