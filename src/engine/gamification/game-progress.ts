import type { Definitions } from '../../definitions/schema.js';
import type { Unit } from '../../definitions/gamification/periods.js';
import { gamePlan } from './game-plan.js';
import { own, type GameState } from './game-state.js';
import { periodEnd, periodLabel, periodOf } from './local-periods.js';
import { valueIn } from './metric-buckets.js';
import { bestValue } from './records-step.js';
import { runSubject } from './run-subject.js';
import { periodMet } from './streaks-step.js';

/** What a person is shown: levels with the way to the next, tiers, streaks, badges, records. */
export interface GameProgress {
  unit: Unit;
  points: number;
  levels: LevelProgress[];
  tiers: TierProgress[];
  streaks: StreakProgress[];
  badges: { badge: string; name: string; earnedAt: string; backdated: boolean }[];
  records: { record: string; metric: string; period: string; best: number; current: number }[];
}

export interface LevelProgress {
  ladder: string;
  level: string | null;
  index: number;
  /** The next level and what it still takes; null at the top. */
  next: {
    name: string;
    pointsNeeded: number;
    pointsMissing: number;
    milestonesMissing: string[];
    /** Share of the way from this level to the next, 0–100: points and milestones weigh alike. */
    percent: number;
  } | null;
}

export interface TierProgress {
  tiers: string;
  metric: string;
  period: string;
  /** The tier held this period (earned in the one before). */
  tier: string | null;
  /** This period so far: its first day and the metric's value. */
  current: { period: string; value: number };
  /** The next tier the current period's value reaches toward. */
  next: { name: string; atLeast: number; missing: number; percent: number } | null;
}

export interface StreakProgress {
  streak: string;
  period: 'day' | 'week';
  current: number;
  longest: number;
  /** Whether the current period is already met. */
  metThisPeriod: boolean;
  /** When the streak breaks (or uses a freeze) unless the next period is met; null: no streak. */
  expiresAt: string | null;
  freezes: number;
}

/**
 * A subject's progress as of `now`, from its stored game state brought forward to now (a
 * streak whose expiry passed reads as broken even before its timer ran). Pure.
 */
export function gameProgress(
  definitions: Definitions,
  unit: Unit,
  stored: GameState | null,
  zone: string,
  now: number,
  milestones: Record<string, number>,
): GameProgress {
  const plan = gamePlan(definitions);
  const game = runSubject({
    plan,
    version: stored?.version ?? '',
    unit,
    account: null,
    zone,
    now,
    previous: stored,
    known: false,
    event: null,
    milestones,
    badgeRule: null,
    // Read and dropped: the metrics are not copied, the changes not listed.
    readOnly: true,
  }).state;
  const units = plan.units[unit];
  return {
    unit,
    points: game.points,
    levels: units.ladders.map(([name, ladder]) => {
      const index = own(game.levels, name)?.index ?? -1;
      const step = ladder.steps[index + 1];
      const here = ladder.steps[index];
      let next: LevelProgress['next'] = null;
      if (step) {
        const needed = step.points ?? 0;
        const from = here?.points ?? 0;
        const missing = (step.milestones ?? []).filter((m) => own(milestones, m) === undefined);
        const parts: number[] = [];
        if (needed > from)
          parts.push(Math.min(1, Math.max(0, (game.points - from) / (needed - from))));
        for (const m of step.milestones ?? []) parts.push(missing.includes(m) ? 0 : 1);
        next = {
          name: step.name,
          pointsNeeded: needed,
          pointsMissing: Math.max(0, needed - game.points),
          milestonesMissing: missing,
          percent: parts.length
            ? Math.round((100 * parts.reduce((a, b) => a + b, 0)) / parts.length)
            : 100,
        };
      }
      return { ladder: name, level: here?.name ?? null, index, next };
    }),
    tiers: units.tiers.map(([name, tier]) => {
      const period = periodOf(now, zone, tier.period);
      const value = valueIn(own(game.metrics, tier.metric), tier.period, period);
      const held = own(game.tiers, name)?.index ?? -1;
      const step = tier.steps.find((s) => s.at_least > value);
      return {
        tiers: name,
        metric: tier.metric,
        period: tier.period,
        tier: held >= 0 ? tier.steps[held]!.name : null,
        current: { period: periodLabel(period, tier.period), value },
        next: step
          ? {
              name: step.name,
              atLeast: step.at_least,
              missing: step.at_least - value,
              percent: Math.round((100 * value) / step.at_least),
            }
          : null,
      };
    }),
    streaks: units.streaks.map(([name, definition]) => {
      const streak = own(game.streaks, name);
      const period = periodOf(now, zone, definition.period);
      const alive = streak !== undefined && streak.current > 0 && streak.last !== null;
      return {
        streak: name,
        period: definition.period,
        current: alive ? streak.current : 0,
        longest: streak?.longest ?? 0,
        metThisPeriod: periodMet(game, definition, period),
        expiresAt: alive
          ? new Date(periodEnd(streak.last! + 1, zone, definition.period)).toISOString()
          : null,
        freezes: streak?.freezes ?? 0,
      };
    }),
    badges: units.badges.flatMap(({ name, definition }) => {
      const held = own(game.badges, name);
      return held
        ? [
            {
              badge: name,
              name: definition.name,
              earnedAt: new Date(held.at).toISOString(),
              backdated: held.backdated,
            },
          ]
        : [];
    }),
    records: units.records.map(([name, record]) => {
      const state = own(game.records, name);
      return {
        record: name,
        metric: record.metric,
        period: record.period,
        best: state ? bestValue(state) : 0,
        current: valueIn(
          own(game.metrics, record.metric),
          record.period,
          periodOf(now, zone, record.period),
        ),
      };
    }),
  };
}
