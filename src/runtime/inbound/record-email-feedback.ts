import type { JsonObject } from '../../core/types.js';
import type { MessageRecord, Store } from '../../store/store.js';
import { applyEvents } from '../apply-events.js';
import { changeConsentIn } from '../consent/change-consent.js';
import { ENGAGEMENT_EVENTS, engagementEvent } from '../consent/engagement-event.js';
import { suppressEmail } from '../consent/suppress-email.js';
import type { Workspace } from '../workspace.js';

/** A bounce or complaint that arrived after the email was sent, led back to its message. */
export interface EmailFeedback {
  kind: 'bounce' | 'complaint';
  message: MessageRecord;
  /** In words, for the delivery log: `5.1.1 smtp; 550 …`, `feedback type abuse`. */
  detail: string;
  /** What the report says, on the event: status, recipient, diagnostic or feedback type. */
  properties: JsonObject;
}

export interface FeedbackRecorded {
  /** The address was not suppressed before. */
  suppressed: boolean;
  /** A complaint left all marketing (false: it had been left already, or a bounce). */
  unsubscribed: boolean;
}

/** How the delivery log's reason of a sent message starts once a report about it came back. */
export const AFTER_SENT = {
  bounce: 'bounced after it was sent',
  complaint: 'complaint after it was sent',
} as const;

const EVENTS = { bounce: ENGAGEMENT_EVENTS.bounced, complaint: ENGAGEMENT_EVENTS.complained };
const MAX_REASON = 500;

/**
 * Records a late bounce or a complaint, in one transaction:
 * - the recipient's email goes on the suppression list, as a bounce refused at RCPT does
 *   (delivery-worker.ts); a complaint also leaves all marketing (`Unsubscribed`, via `complaint`):
 *   a "this is spam" is a clear no, and it still holds should the suppression ever be lifted;
 * - the message stays `sent` (it was accepted, and may have been read), and its reason says
 *   what came back, so the delivery log shows it next to the message;
 * - an internal `Email Bounced` / `Email Complained` event (journeys, analytics), whose
 *   messageId is derived from the message, so the same report twice, or two reports about one
 *   email, are one event.
 */
export async function recordEmailFeedback(
  store: Store,
  workspace: Workspace,
  feedback: EmailFeedback,
  now: number,
): Promise<FeedbackRecorded> {
  const { kind, message } = feedback;
  const profileId = message.profileId;
  return store.transaction(async (tx) => {
    await tx.lockKeys([profileId]);
    let unsubscribed = false;
    if (kind === 'complaint') {
      const change = await changeConsentIn(tx, workspace, {
        profileId,
        changes: [{ subscribed: false, topic: null }],
        via: 'complaint',
        messageKey: message.id,
        now,
      });
      unsubscribed = change.applied.length > 0;
    }
    const suppressed = (await suppressEmail(tx, [profileId], now)).length > 0;
    if (!message.reason?.startsWith(AFTER_SENT[kind])) {
      // A sent message changes no more, so the row read before this transaction is current.
      const reason = `${AFTER_SENT[kind]}: ${feedback.detail}`.slice(0, MAX_REASON);
      await tx.updateMessages([{ ...message, reason, updatedAt: now }]);
    }
    const profile = (await tx.getProfiles([profileId])).get(profileId);
    if (profile) {
      const about: JsonObject = {
        message: message.id,
        template: message.template,
        journey: message.journeyId,
        topic: message.topic,
      };
      const event = engagementEvent(
        profile,
        EVENTS[kind],
        `${kind === 'bounce' ? 'email-bounced' : 'email-complained'}:${message.id}`,
        { ...about, ...feedback.properties },
        now,
      );
      await applyEvents(tx, [event], {
        definitions: workspace.definitions,
        versions: workspace.versions,
        now,
      });
    }
    return { suppressed, unsubscribed };
  });
}
