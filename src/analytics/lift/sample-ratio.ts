import { chiSquare1P } from './normal-tail.js';

/** A sample-ratio mismatch is flagged below this p-value (the threshold the vendors use). */
export const SRM_ALPHA = 0.001;

export interface SampleRatioCheck {
  declaredShare: number;
  /** Held-out users over all users; null with none. */
  observedShare: number | null;
  chiSquare: number | null;
  pValue: number | null;
  mismatch: boolean;
}

/**
 * Whether the held-out share seen agrees with the declared one: Pearson's χ² goodness of fit of
 * (treated, held out) to (1 − share, share), one degree of freedom. A mismatch means something
 * other than chance decides who is held out or who is counted (an entry rule that differs by
 * group, lost runs, a holdout changed mid-way), so the comparison cannot be trusted.
 */
export function sampleRatio(treated: number, heldOut: number, share: number): SampleRatioCheck {
  const total = treated + heldOut;
  if (total === 0 || share <= 0 || share >= 1) {
    return {
      declaredShare: share,
      observedShare: total === 0 ? null : heldOut / total,
      chiSquare: null,
      pValue: null,
      mismatch: false,
    };
  }
  const expectedHeld = total * share;
  const expectedTreated = total - expectedHeld;
  const chi =
    (heldOut - expectedHeld) ** 2 / expectedHeld +
    (treated - expectedTreated) ** 2 / expectedTreated;
  const p = chiSquare1P(chi);
  return {
    declaredShare: share,
    observedShare: heldOut / total,
    chiSquare: chi,
    pValue: p,
    mismatch: p < SRM_ALPHA,
  };
}
