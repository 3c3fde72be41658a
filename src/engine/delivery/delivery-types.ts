import type { Cap, Priority, SendChannel } from '../../definitions/index.js';

/** A message about to be delivered to a user. */
export interface CandidateSend {
  channel: SendChannel;
  /** Transactional messages are exempt from consent, caps and quiet hours. */
  transactional: boolean;
  /** The message's subscription topic (null: marketing in general). */
  topic: string | null;
  priority: Priority;
}

/** A message already delivered to the user (held-out, capped and suppressed ones are not). */
export interface RecentSend {
  at: number;
  channel: SendChannel;
  transactional: boolean;
  priority: Priority;
}

/** What the user agreed to receive. */
export interface Consent {
  /** Unsubscribed from all marketing messages. */
  unsubscribedAll: boolean;
  unsubscribedTopics: readonly string[];
  /** Topics the user joined: the only way into an opt-in topic (`default: unsubscribed`). */
  subscribedTopics: readonly string[];
  /** Channels that must not be used at all (a hard-bounced or complaining email address). */
  suppressedChannels: readonly SendChannel[];
}

export const FULL_CONSENT: Consent = {
  unsubscribedAll: false,
  unsubscribedTopics: [],
  subscribedTopics: [],
  suppressedChannels: [],
};

export type DeliveryDecision =
  | { decision: 'send'; code: 'ok' | 'transactional'; reason: string }
  /** Try again at `until` (the policy is asked again then): quiet hours never drop a message. */
  | { decision: 'defer'; code: 'quiet_hours'; until: number; reason: string }
  | { decision: 'cap'; code: 'frequency_cap'; reason: string; cap: Cap; count: number }
  | {
      decision: 'suppress';
      code: 'unsubscribed' | 'topic_unsubscribed' | 'topic_not_subscribed' | 'channel_suppressed';
      reason: string;
    };
