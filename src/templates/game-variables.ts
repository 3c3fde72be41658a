import type { GameProgress } from '../engine/gamification/game-progress.js';

/**
 * `game` in templates: the progress of the user (and `game.account`, of their account) keyed by
 * name, so a template reads `game.levels.adoption.name`, `game.streaks.daily.current`,
 * `game.badges.power_user.earned_at`, `game.tiers.monthly.next.missing`. snake_case like the
 * other variables; a badge not held is absent.
 */
export type GameVariables = Record<string, unknown>;

export function gameVariables(user: GameProgress, account: GameProgress | null): GameVariables {
  const out = progressVariables(user);
  if (account) out.account = progressVariables(account);
  return out;
}

/**
 * One side of `game`, a user's or an account's (what `game.account` holds): the variables of an
 * account shared by several recipients can be made once.
 */
export function progressVariables(progress: GameProgress): GameVariables {
  const keyed = <T extends object>(
    items: T[],
    key: (item: T) => string,
    map: (item: T) => object,
  ) => Object.fromEntries(items.map((item) => [key(item), map(item)]));
  return {
    points: progress.points,
    levels: keyed(
      progress.levels,
      (l) => l.ladder,
      (l) => ({
        name: l.level,
        index: l.index,
        next: l.next && {
          name: l.next.name,
          points_needed: l.next.pointsNeeded,
          points_missing: l.next.pointsMissing,
          milestones_missing: l.next.milestonesMissing,
          percent: l.next.percent,
        },
      }),
    ),
    tiers: keyed(
      progress.tiers,
      (t) => t.tiers,
      (t) => ({
        name: t.tier,
        value: t.current.value,
        period: t.current.period,
        next: t.next && {
          name: t.next.name,
          at_least: t.next.atLeast,
          missing: t.next.missing,
          percent: t.next.percent,
        },
      }),
    ),
    streaks: keyed(
      progress.streaks,
      (s) => s.streak,
      (s) => ({
        current: s.current,
        longest: s.longest,
        met: s.metThisPeriod,
        expires_at: s.expiresAt,
        freezes: s.freezes,
      }),
    ),
    badges: keyed(
      progress.badges,
      (b) => b.badge,
      (b) => ({ name: b.name, earned_at: b.earnedAt }),
    ),
    records: keyed(
      progress.records,
      (r) => r.record,
      (r) => ({ best: r.best, current: r.current }),
    ),
  };
}
