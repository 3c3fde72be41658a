import {
  formatDuration,
  formatTimeOfDay,
  type DeliveryConfig,
  type Topics,
} from '../../definitions/index.js';
import type { CandidateSend, Consent, DeliveryDecision, RecentSend } from './delivery-types.js';
import { reachedCap } from './frequency-cap.js';
import { quietHoursEnd } from './quiet-hours-end.js';

export interface DeliveryInput {
  send: CandidateSend;
  /** The user's delivered messages, at least as far back as the longest cap window. */
  recent: readonly RecentSend[];
  consent: Consent;
  /** The user's IANA time zone (see userTimeZone). */
  timeZone: string;
  now: number;
  /** The `delivery` section of the definitions. */
  policy: DeliveryConfig;
  /** The `topics` section: which topics are opt-in. Absent: every topic is opt-out. */
  topics?: Topics;
}

/**
 * Whether a message goes out now, respecting the user's inbox. Pure. In order:
 *
 * 1. a suppressed channel (hard bounce, complaint) → suppress, whatever the message;
 * 2. transactional → send (exempt from consent, quiet hours and caps);
 * 3. unsubscribed from all marketing, or from the message's topic, or the topic is opt-in
 *    (`default: unsubscribed`) and the user never subscribed to it → suppress;
 * 4. quiet hours on this channel in the user's time zone → defer to the window's end (asked
 *    again then: a deferred message is never dropped for being deferred);
 * 5. a frequency cap full for the message's priority → cap;
 * 6. otherwise → send.
 */
export function decideDelivery(input: DeliveryInput): DeliveryDecision {
  const { send, consent, policy, now, timeZone } = input;
  if (consent.suppressedChannels.includes(send.channel))
    return {
      decision: 'suppress',
      code: 'channel_suppressed',
      reason: `${send.channel} is suppressed for this user`,
    };
  if (send.transactional)
    return {
      decision: 'send',
      code: 'transactional',
      reason: 'transactional: exempt from consent, quiet hours and caps',
    };
  if (consent.unsubscribedAll)
    return {
      decision: 'suppress',
      code: 'unsubscribed',
      reason: 'unsubscribed from marketing messages',
    };
  if (send.topic !== null && consent.unsubscribedTopics.includes(send.topic))
    return {
      decision: 'suppress',
      code: 'topic_unsubscribed',
      reason: `unsubscribed from topic ${send.topic}`,
    };
  if (
    send.topic !== null &&
    input.topics?.[send.topic]?.default === 'unsubscribed' &&
    !consent.subscribedTopics.includes(send.topic)
  )
    return {
      decision: 'suppress',
      code: 'topic_not_subscribed',
      reason: `topic ${send.topic} is opt-in and the user has not subscribed to it`,
    };
  const quiet = policy.quiet_hours;
  if (quiet && quiet.channels.includes(send.channel)) {
    const until = quietHoursEnd(quiet, now, timeZone);
    if (until !== null)
      return {
        decision: 'defer',
        code: 'quiet_hours',
        until,
        reason: `quiet hours ${formatTimeOfDay(quiet.from)}–${formatTimeOfDay(quiet.to)} in ${timeZone}`,
      };
  }
  const full = reachedCap(policy.caps, send, input.recent, now, timeZone);
  if (full)
    return {
      decision: 'cap',
      code: 'frequency_cap',
      cap: full.cap,
      count: full.count,
      reason: `${full.count} ${send.channel} message${full.count === 1 ? '' : 's'} in ${window(full.cap.per)}, the limit for ${send.priority} priority`,
    };
  return { decision: 'send', code: 'ok', reason: 'within caps, outside quiet hours' };
}

/** `the last 7 days` (calendar days in the user's zone, today included) or `the last 12h`. */
function window(per: number): string {
  const days = per / 86_400_000;
  if (Number.isInteger(days)) return days === 1 ? 'today' : `the last ${days} days`;
  return `the last ${formatDuration(per)}`;
}
