import type { Profile } from '../../core/types.js';
import type { StatePlan } from './state-plan.js';
import { ownValue } from '../../core/own-key.js';

/** Signup: the first time of the configured signup event; first seen until it arrives. */
export function signupTime(plan: StatePlan, profile: Profile): number {
  const fromEvent = plan.signupEvent
    ? ownValue(profile.counters, plan.signupEvent)?.first
    : undefined;
  return fromEvent ?? profile.firstSeen;
}
