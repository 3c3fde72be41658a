import type { IncomingEvent, JsonObject } from '../../core/types.js';
import type { LoadedDefinitions } from '../../definitions/parse-definitions.js';
import { counterName } from '../profile/counter-name.js';
import { currentScore } from '../state/current-score.js';
import type { AccountState } from '../state/user-state.js';
import { traitChangeOccurrences } from './occurrences.js';
import type { Occurrence } from './types.js';

export interface AccountChangeInput {
  definitions: LoadedDefinitions;
  /** The event attributed to the account (`group` call or `context.groupId`). */
  event: IncomingEvent;
  accountId: string;
  traitsBefore: JsonObject;
  traitsAfter: JsonObject;
  /** The account's state before the event and after it (applyState's `accountStates`). */
  stateBefore: AccountState;
  stateAfter: AccountState;
  now: number;
}

/**
 * What an event did to an account, as occurrences for account triggers: the event itself (when
 * it has a name), each changed trait, and each score threshold crossed upward. The runtime hands
 * them to every member (decideEntry applies the trigger's `members` filter), and a member's run id
 * comes from the occurrence key, so one account change never starts two runs for one user.
 * Known limit: an account score decaying below a threshold is not noticed (no account ticks).
 */
export function accountOccurrences(input: AccountChangeInput): Occurrence[] {
  const { event, accountId, now } = input;
  const out: Occurrence[] = [];
  const imported = event.source === 'import';
  if (counterName(event)) {
    out.push({
      key: `${event.messageId}@${accountId}`,
      name: counterName(event)!,
      properties: event.properties,
      timestamp: event.timestamp,
      imported,
      account: accountId,
      cause: null,
    });
  }
  out.push(...traitChangeOccurrences(input.traitsBefore, input.traitsAfter, event, accountId));
  const before = currentScore(input.definitions, input.stateBefore, now);
  const after = currentScore(input.definitions, input.stateAfter, now);
  const thresholds = input.definitions.definitions.score?.thresholds ?? {};
  if (before !== null && after !== null) {
    for (const [threshold, value] of Object.entries(thresholds)) {
      if (!(before < value && after >= value)) continue;
      out.push({
        key: `${event.messageId}/Score Crossed/${threshold}@${accountId}`,
        name: 'Score Crossed',
        properties: { threshold, value, direction: 'up', score: after },
        timestamp: event.timestamp,
        imported,
        account: accountId,
        cause: null,
      });
    }
  }
  return out;
}
