import type { Profile } from '../../core/types.js';
import type { LoadedDefinitions } from '../../definitions/index.js';
import {
  decideDelivery,
  FULL_CONSENT,
  type Consent,
  type RecentSend,
} from '../../engine/delivery/index.js';
import { userTimeZone } from '../../engine/journeys/index.js';
import type { SendChannel } from '../../definitions/index.js';
import type { ConsentRecord, MessageRecord, RecentSendRecord } from '../../store/store.js';

/** How long a claimed message may be in flight before a crash is assumed. */
export const SEND_LEASE_MS = 5 * 60_000;

/**
 * Applies the inbox-respect policy to claimed messages, in order, counting the ones this batch
 * lets through against the caps of the next. Returns every message in its new state: `sending`
 * (with a lease; delivered right after the commit), `deferred`, `capped` or `suppressed`.
 * Alerts to the team (`notify`: Slack, webhooks) skip the policy: they are not the user's inbox.
 */
export function decideClaimed(
  messages: MessageRecord[],
  context: {
    definitions: LoadedDefinitions;
    profiles: Map<string, Profile>;
    consents: Map<string, ConsentRecord>;
    recent: RecentSendRecord[];
    now: number;
    /** The message's topic: its step's, else its template's (front-matter `topic`). */
    topicOf?: (message: MessageRecord) => string | null;
  },
): MessageRecord[] {
  const { definitions, now } = context;
  const recentBy = new Map<string, RecentSend[]>();
  for (const send of context.recent) {
    const list = recentBy.get(send.profileId) ?? [];
    list.push(toRecent(send));
    recentBy.set(send.profileId, list);
  }
  return messages.map((claimed) => {
    // Resolved once and kept on the message: its links, the log and engagement events agree
    // with the topic consent was checked against.
    const message = { ...claimed, topic: context.topicOf?.(claimed) ?? claimed.topic };
    const base = { ...message, updatedAt: now };
    const profile = context.profiles.get(message.profileId);
    if (!profile)
      return { ...base, state: 'failed', reason: 'the user no longer exists', dueAt: null };
    if (message.channel === 'slack' || message.channel === 'webhook') return sending(base, now);
    const recent = recentBy.get(message.profileId) ?? [];
    const decision = decideDelivery({
      send: {
        channel: message.channel as SendChannel,
        transactional: message.transactional,
        topic: message.topic,
        priority: message.priority as RecentSend['priority'],
      },
      recent,
      consent: consentOf(context.consents.get(message.profileId)),
      timeZone: userTimeZone(profile, definitions.definitions),
      now,
      policy: definitions.definitions.delivery,
      topics: definitions.definitions.topics,
    });
    switch (decision.decision) {
      case 'send':
        recent.push({
          at: now,
          channel: message.channel as SendChannel,
          transactional: message.transactional,
          priority: message.priority as RecentSend['priority'],
        });
        recentBy.set(message.profileId, recent);
        return sending(base, now);
      case 'defer':
        return { ...base, state: 'deferred', reason: decision.reason, dueAt: decision.until };
      case 'cap':
        return { ...base, state: 'capped', reason: decision.reason, dueAt: null };
      case 'suppress':
        return { ...base, state: 'suppressed', reason: decision.reason, dueAt: null };
    }
  });
}

function sending(message: MessageRecord, now: number): MessageRecord {
  return {
    ...message,
    state: 'sending',
    attempts: message.attempts + 1,
    leaseUntil: now + SEND_LEASE_MS,
    dueAt: null,
  };
}

function toRecent(send: RecentSendRecord): RecentSend {
  return {
    at: send.at,
    channel: send.channel as SendChannel,
    transactional: send.transactional,
    priority: send.priority as RecentSend['priority'],
  };
}

export function consentOf(record: ConsentRecord | undefined): Consent {
  if (!record) return FULL_CONSENT;
  return {
    unsubscribedAll: record.unsubscribedAll,
    unsubscribedTopics: record.unsubscribedTopics,
    subscribedTopics: record.subscribedTopics,
    suppressedChannels: record.suppressedChannels as SendChannel[],
  };
}
