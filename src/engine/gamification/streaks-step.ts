import type { StreakDefinition } from '../../definitions/gamification/streaks.js';
import { report, wakeAt, type GameRun } from './game-run.js';
import { own, type GameState, type StreakState } from './game-state.js';
import { periodEnd, periodLabel, periodOf } from './local-periods.js';
import { valueIn } from './metric-buckets.js';

export function emptyStreak(definition: StreakDefinition): StreakState {
  return {
    current: 0,
    longest: 0,
    last: null,
    started: null,
    freezes: definition.freezes?.initial ?? 0,
    used: 0,
    risk: null,
    lost: 0,
  };
}

/** Whether the streak's condition held in a period: its metric thresholds, all or any. */
export function periodMet(state: GameState, definition: StreakDefinition, period: number): boolean {
  const test = ([metric, least]: [string, number]) =>
    valueIn(own(state.metrics, metric), definition.period, period) >= least;
  const entries = Object.entries(definition.when);
  return definition.mode === 'any' ? entries.some(test) : entries.every(test);
}

/**
 * Brings each streak up to the period `at` falls in (the event's time, else now), on the
 * subject's wall clock:
 *
 * 1. every period after the last one met that has ended unmet is covered by a freeze, else the
 *    streak breaks (`Streak Broken`) — at the end of the period after the last one met, never
 *    by counting hours;
 * 2. a period met right after the last one extends the streak (`Streak Extended`; a new
 *    streak starts at 1), earning a freeze every `freezes.every` periods, up to `freezes.max`;
 * 3. `at_risk` before the expiry of a live streak whose next period is not met yet is reported
 *    once (`Streak At Risk`).
 *
 * A period number comes from the local date, so a day of 23 or 25 hours is one day, and a move
 * to another time zone shifts the reading of the clock, not the streak.
 */
export function updateStreaks(run: GameRun, eventTime: number | null): void {
  for (const [name, definition] of run.plan.units[run.unit].streaks) {
    const kind = definition.period;
    const streak =
      own(run.state.streaks, name) ?? (run.state.streaks[name] = emptyStreak(definition));
    const nowPeriod = periodOf(Math.max(run.now, eventTime ?? run.now), run.zone, kind);
    const rule = `streaks.${name}`;
    // 1. Periods that ended unmet.
    while (streak.current > 0 && streak.last !== null && streak.last < nowPeriod - 1) {
      const next = streak.last + 1;
      if (periodMet(run.state, definition, next)) {
        extend(run, name, definition, streak, next);
      } else if (streak.freezes > 0) {
        streak.freezes--;
        streak.used++;
        streak.last = next;
      } else {
        report(
          run,
          'Streak Broken',
          { streak: name, length: streak.current, missed: periodLabel(next, kind) },
          rule,
          [`nothing met in the ${kind} of ${periodLabel(next, kind)}`, 'no freeze left'],
        );
        streak.lost = streak.current;
        streak.current = 0;
        streak.started = null;
      }
    }
    // 2. The period of the event (or of now, after a catch-up).
    const period = eventTime === null ? nowPeriod : periodOf(eventTime, run.zone, kind);
    if (periodMet(run.state, definition, period)) {
      if (streak.current > 0 && streak.last !== null && period === streak.last + 1)
        extend(run, name, definition, streak, period);
      else if (streak.current === 0 && (streak.last === null || period > streak.last))
        extend(run, name, definition, streak, period);
    }
    // 3. The next period to meet: its at-risk moment and its expiry.
    if (streak.current > 0 && streak.last !== null) {
      const due = streak.last + 1;
      const expiresAt = periodEnd(due, run.zone, kind);
      if (definition.at_risk !== undefined && streak.risk !== due) {
        const riskAt = expiresAt - definition.at_risk;
        if (run.now >= riskAt && nowPeriod === due && !periodMet(run.state, definition, due)) {
          streak.risk = due;
          report(
            run,
            'Streak At Risk',
            { streak: name, length: streak.current, expiresAt, freezes: streak.freezes },
            rule,
            [`the ${kind} of ${periodLabel(due, kind)} is not met yet`],
          );
        } else wakeAt(run, riskAt);
      }
      wakeAt(run, expiresAt);
    }
  }
}

function extend(
  run: GameRun,
  name: string,
  definition: StreakDefinition,
  streak: StreakState,
  period: number,
): void {
  if (streak.current === 0) streak.started = period;
  streak.current++;
  streak.last = period;
  streak.longest = Math.max(streak.longest, streak.current);
  const freezes = definition.freezes;
  if (freezes && streak.current % freezes.every === 0)
    streak.freezes = Math.min(freezes.max, streak.freezes + 1);
  report(
    run,
    'Streak Extended',
    {
      streak: name,
      length: streak.current,
      longest: streak.longest,
      period: periodLabel(period, definition.period),
      freezes: streak.freezes,
    },
    `streaks.${name}`,
    [`met in the ${definition.period} of ${periodLabel(period, definition.period)}`],
  );
}
