import { wilsonInterval } from '../statistics.js';
import { benjaminiHochberg } from '../benjamini-hochberg.js';
import { proportionDifference } from '../proportion-difference.js';
import { relativeLift } from './risk-ratio.js';
import { sampleRatio, type SampleRatioCheck } from './sample-ratio.js';
import { twoProportionP } from './two-proportion-test.js';

/**
 * The lift of one journey (or one journey × persona cell) from its counts: both groups' goal
 * conversion, the absolute and relative lift with 95 % intervals, the p-value, the sample-ratio
 * check and a verdict. Pure: the counts come from the store (lift-counts.ts). The method and the
 * reasons for it are in docs/lift.md.
 */

/** Under these, no lift is given (verdict `too_small`): the approximations are not yet valid. */
export const LIFT_MINIMUM = {
  /** Users read (goal window closed) in each group. */
  usersPerGroup: 30,
  /** Conversions, and users who did not convert, both groups together. */
  conversions: 5,
  nonConversions: 5,
} as const;

/** The false-discovery rate (Benjamini–Hochberg) at which a lift is called better or worse. */
export const LIFT_ALPHA = 0.05;

export type LiftVerdict =
  'better' | 'worse' | 'no_difference_detected' | 'too_small' | 'srm' | 'no_goal' | 'no_holdout';

/** One group: users whose goal window has closed, and those still inside it. */
export interface GroupCounts {
  users: number;
  converted: number;
  pending: number;
}

export interface LiftCounts {
  treated: GroupCounts;
  heldOut: GroupCounts;
  /** The declared holdout share. */
  share: number;
  hasGoal: boolean;
}

export interface GroupRate {
  users: number;
  converted: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface Lift {
  absolute: number | null;
  low: number | null;
  high: number | null;
  relative: number | null;
  relativeLow: number | null;
  relativeHigh: number | null;
  pValue: number | null;
  adjustedPValue: number | null;
  comparisons: number;
  verdict: LiftVerdict;
  note: string | null;
  treated: GroupRate;
  heldOut: GroupRate;
  pending: { treated: number; heldOut: number };
  srm: SampleRatioCheck;
  minimum: typeof LIFT_MINIMUM;
}

/** Rates are fractions rounded to 6 decimals, as the other journey numbers. */
const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);

function groupRate({ users, converted }: GroupCounts): GroupRate {
  if (users === 0) return { users, converted, rate: null, low: null, high: null };
  const { low, high } = wilsonInterval(converted, users);
  return { users, converted, rate: round(converted / users), low: round(low), high: round(high) };
}

/** Why the counts are under the minimum, or null when they are not. */
function smallNote(t: GroupCounts, h: GroupCounts): string | null {
  const m = LIFT_MINIMUM;
  const conversions = t.converted + h.converted;
  const non = t.users + h.users - conversions;
  const missing: string[] = [];
  if (t.users < m.usersPerGroup || h.users < m.usersPerGroup)
    missing.push(
      `${m.usersPerGroup} users read in each group (treated ${t.users}, held out ${h.users})`,
    );
  if (conversions < m.conversions) missing.push(`${m.conversions} conversions (${conversions})`);
  if (non < m.nonConversions) missing.push(`${m.nonConversions} non-conversions (${non})`);
  return missing.length === 0 ? null : `too few to read: needs ${missing.join(', ')}`;
}

/** The verdict a p-value gives, past the other checks. */
function verdictOf(lift: Lift, p: number | null): LiftVerdict {
  if (
    lift.verdict !== 'better' &&
    lift.verdict !== 'worse' &&
    lift.verdict !== 'no_difference_detected'
  )
    return lift.verdict;
  if (p === null || p >= LIFT_ALPHA || lift.absolute === null || lift.absolute === 0)
    return 'no_difference_detected';
  return lift.absolute > 0 ? 'better' : 'worse';
}

/** The lift read alone (one comparison); `adjustLifts` corrects a family read together. */
export function liftReading(counts: LiftCounts): Lift {
  const { treated: t, heldOut: h, share } = counts;
  const srm = sampleRatio(t.users + t.pending, h.users + h.pending, share);
  const lift: Lift = {
    absolute: null,
    low: null,
    high: null,
    relative: null,
    relativeLow: null,
    relativeHigh: null,
    pValue: null,
    adjustedPValue: null,
    comparisons: 1,
    verdict: 'no_difference_detected',
    note: null,
    treated: groupRate(t),
    heldOut: groupRate(h),
    pending: { treated: t.pending, heldOut: h.pending },
    srm: {
      ...srm,
      observedShare: round(srm.observedShare),
      chiSquare: round(srm.chiSquare),
      pValue: srm.pValue,
    },
    minimum: LIFT_MINIMUM,
  };
  if (!counts.hasGoal) {
    return { ...lift, verdict: 'no_goal', note: 'the journey has no goal: nothing to convert' };
  }
  if (share <= 0) {
    return { ...lift, verdict: 'no_holdout', note: 'the journey holds no one out (holdout 0)' };
  }
  const small = smallNote(t, h);
  if (small !== null) {
    lift.verdict = 'too_small';
    lift.note = small;
  } else {
    const diff = proportionDifference(t.converted, t.users, h.converted, h.users);
    const rel = relativeLift(t.converted, t.users, h.converted, h.users);
    lift.absolute = round(diff.difference);
    lift.low = round(diff.low);
    lift.high = round(diff.high);
    if (rel) {
      lift.relative = round(rel.relative);
      lift.relativeLow = round(rel.low);
      lift.relativeHigh = round(rel.high);
    } else {
      lift.note = 'no relative lift: a group has no conversion';
    }
    lift.pValue = twoProportionP(t.converted, t.users, h.converted, h.users);
    lift.adjustedPValue = lift.pValue;
  }
  if (srm.mismatch) {
    lift.verdict = 'srm';
    lift.note =
      `sample-ratio mismatch: ${round(srm.observedShare! * 100)} % held out against ${share * 100} % declared ` +
      `(χ² p = ${srm.pValue!.toExponential(2)}); something other than chance decides who is counted, ` +
      'so the lift is not to be trusted';
    return lift;
  }
  lift.verdict = verdictOf(lift, lift.pValue);
  return lift;
}

/**
 * Benjamini–Hochberg over lifts read together (every journey of an answer, and every journey ×
 * persona cell): each gets its adjusted p-value, the number of comparisons, and a verdict read
 * from the adjusted p-value. Returns new objects in the same order.
 */
export function adjustLifts(lifts: readonly Lift[]): Lift[] {
  const adjusted = benjaminiHochberg(lifts.map((l) => l.pValue));
  const m = adjusted.filter((p) => p !== null).length;
  return lifts.map((lift, i) => {
    if (lift.pValue === null) return { ...lift, comparisons: m };
    const next = { ...lift, adjustedPValue: adjusted[i], comparisons: m };
    next.verdict = verdictOf(next, adjusted[i]);
    return next;
  });
}
