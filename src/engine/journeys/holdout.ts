import { hashUnit } from './hash-unit.js';

/**
 * Whether a user is in a journey's holdout: the same answer for every run of that user in that
 * journey, independent of time, so a user never moves between the treated and the held-out group.
 */
export function isHeldOut(userId: string, journeyId: string, share: number): boolean {
  return share > 0 && hashUnit('holdout', journeyId, userId) < share;
}
