import type { IncomingEvent, JsonObject, Profile, StoredEvent } from '../core/types.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import { applyState, type StateChange } from '../engine/state/index.js';
import type { Reason } from '../engine/state/state-change.js';
import type { BatchWork } from './batch-work.js';

/**
 * Runs the state engine for one profile after an event (or, with `event` null, on a timer or
 * after a journey's update) and records its results in the batch: the new state, changed account
 * states, each state change as an internal event in the user's log, segment membership, and the
 * next time-based check. Returns the changes and their internal events; journeys react to the
 * changes. `cause` names what caused a run without an event (the internal events' ids derive from
 * it); a timer by default.
 */
export function deriveState(
  work: BatchWork,
  definitions: LoadedDefinitions,
  profile: Profile,
  event: IncomingEvent | null,
  now: number,
  cause?: string,
): { changes: StateChange[]; internal: StoredEvent[] } {
  const result = applyState({
    definitions,
    profile,
    accounts: work.accountsOf(profile),
    event,
    now,
  });
  // A timer's own run always writes it: it was due, so it must move or go.
  if (event) work.noteStoredTimer(profile.id, profile.state, result.state.definitionsVersion);
  profile.state = result.state as unknown as JsonObject;
  work.changed(profile.id);
  for (const [accountId, state] of Object.entries(result.accountStates)) {
    const account = work.accounts.get(accountId);
    if (!account) continue;
    account.state = state as unknown as JsonObject;
    work.changedAccounts.add(accountId);
  }
  work.timers.set(profile.id, result.nextCheckAt);
  const causeKey = event ? event.messageId : (cause ?? `tick:${profile.id}:${now}`);
  const internal = result.changes.map((change, index) => {
    trackSegment(work, profile.id, change);
    const event = internalEvent(change, profile, `${causeKey}/${index}`, now);
    work.internalEvents.push(event);
    return event;
  });
  return { changes: result.changes, internal };
}

function trackSegment(work: BatchWork, profileId: string, change: StateChange): void {
  if (change.name === 'Segment Entered') {
    work.segmentChanges.push({
      segment: change.properties.segment,
      profileId,
      enteredAt: change.timestamp,
    });
  } else if (change.name === 'Segment Exited') {
    work.segmentChanges.push({ segment: change.properties.segment, profileId, enteredAt: null });
  }
}

/**
 * A state change as an event in the user's log. Its messageId derives from what caused it, so a
 * retried transaction produces the same ids and the log keeps one copy. The log keeps the
 * change's reason short (`loggedReason`): the words of its facts are the state route's, computed
 * when asked.
 */
function internalEvent(
  change: StateChange,
  profile: Profile,
  messageId: string,
  now: number,
): StoredEvent {
  return {
    seq: 0,
    messageId,
    type: 'track' as const,
    event: change.name,
    userId: profile.userId,
    anonymousId: null,
    groupId: null,
    previousId: null,
    timestamp: change.timestamp,
    originalTimestamp: null,
    sentAt: null,
    receivedAt: now,
    properties: loggedProperties(change),
    traits: {},
    context: {},
    source: 'internal' as const,
    profileId: profile.id,
  };
}

/**
 * The change's properties as the log keeps them: its reason names the rule and the cause, and
 * leaves out the facts in words (~40% of an internal event's row, ~1.3 of which are written per
 * received event) and the causing event's name and time, which its own row in the log holds
 * under `cause.messageId`. `GET /api/users/:id/state` says why each answer holds now, with the
 * facts (explain-state.ts); journeys get the whole change, in the same transaction.
 */
function loggedProperties(change: StateChange): JsonObject {
  const { reason, ...rest } = change.properties as unknown as JsonObject & { reason: Reason };
  const cause: JsonObject =
    reason.cause.type === 'event'
      ? { type: 'event', messageId: reason.cause.messageId }
      : { type: reason.cause.type, at: reason.cause.at };
  return { ...rest, reason: { rule: reason.rule, cause } };
}
