import {
  applyConsentChange,
  emptyConsent,
  type ConsentChange,
} from '../../consent/consent-changes.js';
import type { ConsentRecord, Store, StoreTx } from '../../store/store.js';
import { applyEvents } from '../apply-events.js';
import type { Workspace } from '../workspace.js';
import { ENGAGEMENT_EVENTS, engagementEvent } from './engagement-event.js';

export interface ConsentRequest {
  /** The profile id (aliases already followed). */
  profileId: string;
  changes: ConsentChange[];
  /** How the user said it, recorded on the events: `one_click`, `email`, `preferences`, `api`… */
  via: string;
  /** The message whose link was used, if any. */
  messageKey: string | null;
  now: number;
}

export interface ConsentResult {
  record: ConsentRecord | null;
  /** The changes that altered something; the others were already in effect. */
  applied: ConsentChange[];
}

/**
 * Changes a user's consent and records each effective change as an internal event
 * (`Unsubscribed` / `Subscribed` with the topic, null for all marketing), in one transaction: the
 * suppression list and the log cannot disagree. The events go through the same path as ingested
 * ones, so they count on the profile and can start journeys. A change already in effect writes
 * nothing, so a repeated one-click POST is one event. Consent is written even for a profile that
 * no longer exists (it outlives profiles); the events need one.
 */
export async function changeConsent(
  store: Store,
  workspace: Workspace,
  request: ConsentRequest,
): Promise<ConsentResult> {
  return store.transaction((tx) => changeConsentIn(tx, workspace, request));
}

/** `changeConsent` inside the caller's transaction, for a change that goes with other writes. */
export async function changeConsentIn(
  tx: StoreTx,
  workspace: Workspace,
  request: ConsentRequest,
): Promise<ConsentResult> {
  const { profileId, now } = request;
  // The same key ingest locks for this user, so a concurrent change cannot be lost.
  await tx.lockKeys([profileId]);
  const current = (await tx.getConsents([profileId])).get(profileId) ?? null;
  let record = current ?? emptyConsent(profileId, now);
  const applied: ConsentChange[] = [];
  for (const change of request.changes) {
    const next = applyConsentChange(record, change, now);
    if (next !== record) applied.push(change);
    record = next;
  }
  if (!applied.length) return { record: current, applied };
  await tx.putConsents([record]);
  const profile = (await tx.getProfiles([profileId])).get(profileId);
  if (profile) {
    const events = applied.map(({ subscribed, topic }) =>
      engagementEvent(
        profile,
        subscribed ? ENGAGEMENT_EVENTS.subscribed : ENGAGEMENT_EVENTS.unsubscribed,
        // From the change and the time: a retried transaction makes the same ids.
        `consent:${profileId}:${now}:${topic ?? '*'}:${subscribed ? 'in' : 'out'}`,
        { topic, all: topic === null, via: request.via, message: request.messageKey },
        now,
      ),
    );
    await applyEvents(tx, events, {
      definitions: workspace.definitions,
      versions: workspace.versions,
      now,
    });
  }
  return { record, applied };
}
