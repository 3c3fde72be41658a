import type { JsonObject } from '../../core/types.js';
import type {
  AccountTrigger,
  Condition,
  PropertyFilter,
  Trigger,
} from '../../definitions/index.js';
import { compare, lookup } from '../state/compare.js';
import { JOURNEY_SCHEDULED, TRAIT_CHANGED } from './occurrences.js';
import type { Occurrence } from './types.js';

/** Whether properties pass a property filter (no filter: always). */
export function whereMatches(where: PropertyFilter | undefined, properties: JsonObject): boolean {
  if (!where) return true;
  for (const [key, test] of Object.entries(where))
    if (!compare(lookup(properties, key), test)) return false;
  return true;
}

/**
 * Whether an occurrence is what a journey's trigger names. Account triggers match only
 * occurrences that happened to an account; the others only the user's own.
 */
export function triggerMatches(
  journeyId: string,
  trigger: Trigger,
  occurrence: Occurrence,
): boolean {
  if ('account' in trigger)
    return occurrence.account !== null && kindMatches(trigger.account, occurrence);
  if (occurrence.account !== null) return false;
  if ('schedule' in trigger)
    return occurrence.name === JOURNEY_SCHEDULED && occurrence.properties.journey === journeyId;
  return kindMatches(trigger, occurrence);
}

/** An event condition (waits, goals, exit conditions) against an occurrence of the user's. */
export function conditionMatches(condition: Condition, occurrence: Occurrence): boolean {
  return (
    'event' in condition &&
    occurrence.account === null &&
    !occurrence.imported &&
    occurrence.name === condition.event &&
    whereMatches(condition.where, occurrence.properties)
  );
}

/**
 * The name of the occurrences a trigger listens to: an occurrence of any other name never
 * matches it, so the engine looks only at the journeys listening to an occurrence's name
 * (trigger-index.ts). Null for a trigger that matches nothing.
 */
export function triggerName(trigger: Trigger | AccountTrigger): string | null {
  if ('event' in trigger) return trigger.event;
  if ('milestone' in trigger) return 'Milestone Reached';
  if ('activated' in trigger) return 'Activated';
  if ('persona_changed' in trigger) return 'Persona Changed';
  if ('segment_entered' in trigger) return 'Segment Entered';
  if ('segment_exited' in trigger) return 'Segment Exited';
  if ('stage_changed' in trigger) return 'Stage Changed';
  if ('score_crossed' in trigger) return 'Score Crossed';
  if ('trait_changed' in trigger) return TRAIT_CHANGED;
  if ('schedule' in trigger) return JOURNEY_SCHEDULED;
  return null;
}

function kindMatches(trigger: Trigger | AccountTrigger, { name, properties }: Occurrence): boolean {
  if (name !== triggerName(trigger)) return false;
  const listed = (names: string[] | true, value: unknown) =>
    names === true || (typeof value === 'string' && names.includes(value));
  if ('event' in trigger) return whereMatches(trigger.where, properties);
  if ('milestone' in trigger) return listed(trigger.milestone, properties.milestone);
  if ('activated' in trigger) return true;
  if ('persona_changed' in trigger) return listed(trigger.persona_changed, properties.to);
  if ('segment_entered' in trigger) return properties.segment === trigger.segment_entered;
  if ('segment_exited' in trigger) return properties.segment === trigger.segment_exited;
  if ('stage_changed' in trigger) return listed(trigger.stage_changed, properties.to);
  if ('score_crossed' in trigger)
    return (
      properties.threshold === trigger.score_crossed && properties.direction === trigger.direction
    );
  if ('trait_changed' in trigger)
    return (
      properties.trait === trigger.trait_changed &&
      (!trigger.to || compare(properties.to ?? undefined, trigger.to))
    );
  return false;
}
