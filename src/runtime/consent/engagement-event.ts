import type { IncomingEvent, JsonObject, Profile } from '../../core/types.js';
import { ANON_PREFIX } from '../../engine/profile/new-profile.js';

/** The internal events of email engagement, consent and feedback, as a journey trigger names them. */
export const ENGAGEMENT_EVENTS = {
  opened: 'Email Opened',
  clicked: 'Email Clicked',
  unsubscribed: 'Unsubscribed',
  subscribed: 'Subscribed',
  /** A permanent failure reported after the email was sent (a delivery status notification). */
  bounced: 'Email Bounced',
  /** The recipient reported the email as spam (a feedback loop's ARF report). */
  complained: 'Email Complained',
} as const;

/**
 * An engagement event for the user's log. `source: internal` marks it as Cairn's own record (the
 * state engine derives nothing from it), yet it counts on the profile and can start a journey
 * like any event. The caller chooses the `messageId`: derived from what happened, it makes a
 * repeated open, click or unsubscribe one event, since the log keeps one event per messageId.
 */
export function engagementEvent(
  profile: Profile,
  name: string,
  messageId: string,
  properties: JsonObject,
  now: number,
): IncomingEvent {
  const anonymous = profile.userId === null && profile.id.startsWith(ANON_PREFIX);
  return {
    messageId,
    type: 'track',
    event: name,
    userId: profile.userId,
    anonymousId: anonymous ? profile.id.slice(ANON_PREFIX.length) : null,
    groupId: null,
    previousId: null,
    timestamp: now,
    originalTimestamp: null,
    sentAt: null,
    receivedAt: now,
    properties,
    traits: {},
    context: {},
    source: 'internal',
  };
}
