import type {
  BadgeEarned,
  LevelUp,
  RecordBroken,
  StreakAtRisk,
  StreakBroken,
  StreakExtended,
  TierChanged,
} from '../gamification/game-changes.js';

/**
 * State changes, as the engine reports them. Each maps one-to-one to an internal event in the
 * user's log: `name` is the event name, `properties` its properties (always with the `reason`),
 * `timestamp` when the engine noticed it.
 */
export type StateChange =
  | Change<'Milestone Reached', MilestoneReached>
  | Change<'Activated', Activated>
  | Change<'Persona Changed', PersonaChanged>
  | Change<'Stage Changed', StageChanged>
  | Change<'Segment Entered', SegmentEntered>
  | Change<'Segment Exited', SegmentExited>
  | Change<'Score Crossed', ScoreCrossed>
  | Change<'Level Up', LevelUp>
  | Change<'Tier Changed', TierChanged>
  | Change<'Badge Earned', BadgeEarned>
  | Change<'Streak Extended', StreakExtended>
  | Change<'Streak Broken', StreakBroken>
  | Change<'Streak At Risk', StreakAtRisk>
  | Change<'Record Broken', RecordBroken>;

export type StateChangeName = StateChange['name'];

// A record, so that a change added to the union above without a name here does not compile.
const NAMES: Record<StateChangeName, true> = {
  'Milestone Reached': true,
  Activated: true,
  'Persona Changed': true,
  'Stage Changed': true,
  'Segment Entered': true,
  'Segment Exited': true,
  'Score Crossed': true,
  'Level Up': true,
  'Tier Changed': true,
  'Badge Earned': true,
  'Streak Extended': true,
  'Streak Broken': true,
  'Streak At Risk': true,
  'Record Broken': true,
};

/** The internal event names of state changes. */
export const STATE_CHANGE_NAMES: ReadonlySet<string> = new Set(Object.keys(NAMES));

export type Change<Name extends string, Properties> = {
  name: Name;
  timestamp: number;
  properties: Properties & { reason: Reason };
};

/** Why a change happened. */
export type Reason = {
  /** The definition that decided it: `segments.high_intent`, `personas.behavior.rules[0]`. */
  rule: string;
  cause: Cause;
  /** What was observed, in words with the values: `performed "Viewed Pricing Page" 3 times in the last 14d (at least 3)`. */
  facts: string[];
};

/** What made the engine run: an event being applied, or a time check with no new event. */
export type Cause =
  | { type: 'event'; event: string | null; messageId: string; timestamp: number }
  | { type: 'tick'; at: number };

export type MilestoneReached = {
  milestone: string;
  event: string;
  messageId: string | null;
  reachedAt: number;
};

export type Activated = {
  activatedAt: number;
  signupAt: number | null;
  /** Activation time minus signup: the time to value. */
  timeToValueMs: number | null;
  milestones: Record<string, number>;
};

export type PersonaChanged = {
  dimension: string;
  from: string | null;
  to: string | null;
  rule: number | null;
};

export type StageChanged = {
  kind: 'lifecycle' | 'engagement';
  from: string | null;
  to: string | null;
  /** Engagement level of `to` (1–4); null for lifecycle. */
  level: number | null;
  rule: number | null;
};

export type SegmentEntered = { segment: string };

export type SegmentExited = { segment: string; enteredAt: number };

export type ScoreCrossed = {
  threshold: string;
  /** The threshold's value. */
  value: number;
  direction: 'up' | 'down';
  score: number;
};
