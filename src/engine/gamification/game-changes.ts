/**
 * The state changes gamification reports, recorded like the state engine's own (internal events
 * in the user's log, journey triggers). An account's change is recorded in the log of the member
 * whose event (or timer) caused it, with `unit: account` and the account's id.
 */
export type GameSubject = {
  unit: 'user' | 'account';
  /** The account's id when `unit` is account, else null. */
  account: string | null;
};

export type LevelUp = GameSubject & {
  ladder: string;
  from: string | null;
  to: string;
  /** 0-based position of `to` in the ladder. */
  level: number;
  points: number;
};

export type TierChanged = GameSubject & {
  tiers: string;
  from: string | null;
  to: string | null;
  direction: 'up' | 'down';
  /** The metric's value in the period that decided it, and that period's first day. */
  value: number;
  period: string;
};

export type BadgeEarned = GameSubject & { badge: string; name: string; earnedAt: number };

export type StreakExtended = GameSubject & {
  streak: string;
  /** 1 when a streak starts. */
  length: number;
  longest: number;
  /** The first day of the period just met. */
  period: string;
  freezes: number;
};

export type StreakBroken = GameSubject & {
  streak: string;
  /** The length lost. */
  length: number;
  /** The first day of the period that was missed. */
  missed: string;
};

export type StreakAtRisk = GameSubject & {
  streak: string;
  length: number;
  /** When the streak breaks (or a freeze is used) if the period is not met by then. */
  expiresAt: number;
  freezes: number;
};

export type RecordBroken = GameSubject & {
  record: string;
  metric: string;
  periodKind: string;
  period: string;
  value: number;
  previousBest: number;
};

export interface GameChangeMap {
  'Level Up': LevelUp;
  'Tier Changed': TierChanged;
  'Badge Earned': BadgeEarned;
  'Streak Extended': StreakExtended;
  'Streak Broken': StreakBroken;
  'Streak At Risk': StreakAtRisk;
  'Record Broken': RecordBroken;
}

export type GameChangeName = keyof GameChangeMap;
