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

function kindMatches(trigger: Trigger | AccountTrigger, { name, properties }: Occurrence): boolean {
  const listed = (names: string[] | true, value: unknown) =>
    names === true || (typeof value === 'string' && names.includes(value));
  if ('event' in trigger) return name === trigger.event && whereMatches(trigger.where, properties);
  if ('milestone' in trigger)
    return name === 'Milestone Reached' && listed(trigger.milestone, properties.milestone);
  if ('activated' in trigger) return name === 'Activated';
  if ('persona_changed' in trigger)
    return name === 'Persona Changed' && listed(trigger.persona_changed, properties.to);
  if ('segment_entered' in trigger)
    return name === 'Segment Entered' && properties.segment === trigger.segment_entered;
  if ('segment_exited' in trigger)
    return name === 'Segment Exited' && properties.segment === trigger.segment_exited;
  if ('stage_changed' in trigger)
    return name === 'Stage Changed' && listed(trigger.stage_changed, properties.to);
  if ('score_crossed' in trigger)
    return (
      name === 'Score Crossed' &&
      properties.threshold === trigger.score_crossed &&
      properties.direction === trigger.direction
    );
  if ('trait_changed' in trigger)
    return (
      name === TRAIT_CHANGED &&
      properties.trait === trigger.trait_changed &&
      (!trigger.to || compare(properties.to ?? undefined, trigger.to))
    );
  return false;
}
