import type { Clock } from '../core/clock.js';
import type { DueWorkLoop } from './due-work-loop.js';

/** A clock the caller moves: the simulator's and the tests' (FakeClock). */
export interface SettableClock extends Clock {
  set(time: number): void;
}

export function isSettable(clock: Clock): clock is SettableClock {
  return typeof (clock as Partial<SettableClock>).set === 'function';
}

/**
 * Moves a simulated clock to `until` and does every piece of due work on the way, as the
 * background loops of `cairn serve` would have done by then: state checks, journey timers,
 * schedules and deliveries, in that order, over and over until none of them has anything due
 * (a state check starts a run, the run queues a message due now, the message is delivered).
 *
 * The work is done at `until` itself: a timer that fell due earlier fires at most one call late,
 * as it would on a server whose loop looked at that moment. The clock's positions are therefore
 * the caller's steps alone, never the timers' times, so a run interrupted half-way and started
 * again reaches the same state: what was done is gone, what remains is done at the same `now`.
 * Returns how many items were done, and when the next item falls due (null: none).
 */
export async function runDueWork(
  loops: readonly DueWorkLoop[],
  clock: SettableClock,
  until: number,
): Promise<DueWorkDone> {
  if (until > clock.now()) clock.set(until);
  const now = clock.now();
  let total = 0;
  for (;;) {
    let done = 0;
    let next: number | null = null;
    for (const loop of loops) {
      const due = await loop.nextDue();
      if (due !== null && due <= now) done += await loop.sweepDue();
      else if (due !== null && (next === null || due < next)) next = due;
    }
    total += done;
    // A pass that did nothing read every loop's next time after `now`.
    if (done === 0) return { done: total, next };
  }
}

export interface DueWorkDone {
  done: number;
  next: number | null;
}
