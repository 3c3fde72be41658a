import type { ScoreState } from './user-state.js';

/**
 * Exponential decay: a score halves every half-life. A score is stored as (value, at) and only
 * rewritten when an event adds to it, so reading it at any time is one multiplication.
 */
export function scoreAt(score: ScoreState, time: number, halfLife: number): number {
  if (time <= score.at || score.value === 0) return score.value;
  return score.value * 2 ** (-(time - score.at) / halfLife);
}

/** Adds an event's weight at its own time; an older event adds its weight already decayed. */
export function addToScore(
  score: ScoreState,
  weight: number,
  time: number,
  halfLife: number,
): ScoreState {
  if (time >= score.at) return { value: scoreAt(score, time, halfLife) + weight, at: time };
  return { value: score.value + weight * 2 ** (-(score.at - time) / halfLife), at: score.at };
}

/**
 * The first whole millisecond after which a score worth `value` at `now` has decayed past
 * `bound` (down toward zero for a positive score, up toward zero for a negative one); null if
 * decay never takes it there.
 */
export function crossingTime(
  value: number,
  now: number,
  bound: number,
  halfLife: number,
): number | null {
  if (bound === 0 || value === 0) return null;
  const ratio = value / bound;
  if (ratio < 1) return null;
  return Math.floor(now + halfLife * Math.log2(ratio)) + 1;
}
