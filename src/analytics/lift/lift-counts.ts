import type { JourneyEntrant } from '../../store/store.js';
import type { GroupCounts } from './lift-reading.js';

/** Treated and held-out counts of one journey (or one journey × persona cell). */
export interface ArmCounts {
  treated: GroupCounts;
  heldOut: GroupCounts;
}

export const emptyArms = (): ArmCounts => ({
  treated: { users: 0, converted: 0, pending: 0 },
  heldOut: { users: 0, converted: 0, pending: 0 },
});

/**
 * Adds one entrant to its group. Fixed horizon per user: a user is read once their goal window
 * has closed (`goalDeadline ≤ asOf`), converted or not; until then they are `pending`, even if
 * they converted already — counting early conversions without the early non-conversions would
 * favour whichever group converts sooner. A goal without `within` has no window: its runs are
 * read as they stand.
 */
export function countEntrant(arms: ArmCounts, entrant: JourneyEntrant, asOf: number): void {
  const group = entrant.heldOut ? arms.heldOut : arms.treated;
  if (entrant.goalDeadline !== null && entrant.goalDeadline > asOf) {
    group.pending += 1;
    return;
  }
  group.users += 1;
  if (entrant.convertedAt !== null) group.converted += 1;
}
