import type { Lift } from '../analytics/lift/lift-reading.js';
import type { Journey } from '../definitions/index.js';
import type { JourneyRun, Waiting } from '../engine/journeys/index.js';
import type { JourneyStats, MessageRecord, RunCounts } from '../store/store.js';
import { iso } from './present.js';

/**
 * API shapes of journeys, runs and the delivery log. Conversion counts every run that reached
 * the goal, including a completed run that converted later within its goal window.
 */

const NO_RUNS: RunCounts = { entered: 0, active: 0, completed: 0, converted: 0, exited: 0 };

/** Rates are fractions (0.25 = 25 %), rounded to 6 decimals so float noise stays out. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

function group(counts: RunCounts, hasGoal: boolean) {
  return {
    ...counts,
    conversionRate: hasGoal && counts.entered > 0 ? round(counts.converted / counts.entered) : null,
  };
}

/**
 * Runs by status for both groups, each group's conversion over its runs, and the lift of the
 * journey (src/analytics/lift: users read once their goal window has closed, with intervals,
 * p-value, sample-ratio check and verdict). A journey without a goal converts no one by
 * definition: its rates are null, not 0 %, which would read as a measured failure.
 */
export function presentJourneyStats(stats: JourneyStats | undefined, hasGoal: boolean, lift: Lift) {
  const treated = group(stats?.treated ?? NO_RUNS, hasGoal);
  const heldOut = group(stats?.heldOut ?? NO_RUNS, hasGoal);
  const sum = (key: keyof RunCounts) => treated[key] + heldOut[key];
  return {
    entered: sum('entered'),
    runs: {
      active: sum('active'),
      completed: sum('completed'),
      converted: sum('converted'),
      exited: sum('exited'),
    },
    treated,
    heldOut,
    lift,
  };
}

/** A journey of the loaded definitions, as the journey list shows it. */
export function presentJourney(
  id: string,
  journey: Journey,
  version: string,
  stats: JourneyStats | undefined,
  lift: Lift,
) {
  return {
    id,
    name: journey.name ?? null,
    description: journey.description ?? null,
    enabled: journey.enabled,
    draft: journey.draft,
    trigger: journey.trigger,
    priority: journey.priority,
    holdout: journey.holdout,
    version,
    goal: journey.goal ?? null,
    stats: presentJourneyStats(stats, journey.goal !== undefined, lift),
  };
}

function presentWaiting(waiting: Waiting | null) {
  if (!waiting) return null;
  switch (waiting.kind) {
    case 'time':
      return { kind: waiting.kind, stepId: waiting.stepId, until: iso(waiting.until) };
    case 'event':
      return {
        kind: waiting.kind,
        stepId: waiting.stepId,
        event: waiting.event,
        timeoutAt: iso(waiting.timeoutAt),
      };
    case 'rule':
      return { kind: waiting.kind, stepId: waiting.stepId, timeoutAt: iso(waiting.timeoutAt) };
  }
}

/** A run with its step history, oldest line first. */
export function presentRun(run: JourneyRun) {
  return {
    id: run.id,
    journeyId: run.journeyId,
    version: run.version,
    status: run.status,
    heldOut: run.heldOut,
    trigger: {
      name: run.trigger.name,
      key: run.trigger.key,
      timestamp: iso(run.trigger.timestamp),
      properties: run.trigger.properties,
      account: run.trigger.account,
      cause: run.trigger.cause,
    },
    enteredAt: iso(run.enteredAt),
    waiting: presentWaiting(run.waiting),
    wakeAt: iso(run.wakeAt),
    goalDeadline: iso(run.goalDeadline),
    endedAt: iso(run.endedAt),
    exitReason: run.exitReason,
    convertedAt: iso(run.convertedAt),
    history: run.history.map((h) => ({
      at: iso(h.at),
      stepId: h.stepId,
      outcome: h.outcome,
      detail: h.detail ?? null,
    })),
  };
}

/** A delivery log entry; the payload (what rendering needs) only in the single-message view. */
export function presentMessage(message: MessageRecord) {
  return {
    id: message.id,
    userId: message.profileId,
    journeyId: message.journeyId,
    runId: message.runId,
    stepId: message.stepId,
    channel: message.channel,
    template: message.template,
    topic: message.topic,
    transactional: message.transactional,
    priority: message.priority,
    state: message.state,
    reason: message.reason,
    attempts: message.attempts,
    providerId: message.providerId,
    dueAt: iso(message.dueAt),
    createdAt: iso(message.createdAt),
    updatedAt: iso(message.updatedAt),
    sentAt: iso(message.sentAt),
  };
}
