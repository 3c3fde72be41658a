import type { Topics } from '../definitions/index.js';
import type { ConsentRecord } from '../store/store.js';

/**
 * One thing a user (or the product, through the API) decided: to leave or join a topic, or all
 * marketing (`topic` null). Bounces and complaints are not choices: they live in
 * `suppressedChannels` and nothing here lifts them.
 */
export interface ConsentChange {
  subscribed: boolean;
  /** null: all marketing messages. */
  topic: string | null;
}

export function emptyConsent(profileId: string, now: number): ConsentRecord {
  return {
    profileId,
    unsubscribedAll: false,
    unsubscribedTopics: [],
    subscribedTopics: [],
    suppressedChannels: [],
    updatedAt: now,
  };
}

/**
 * Whether the user receives a topic's messages, leaving "all marketing" aside: an explicit choice
 * wins, otherwise the topic's default (opt-out topics are on, opt-in topics off). Choices are
 * kept for opt-out topics too, so changing a topic's default later never overrides one.
 */
export function isSubscribed(record: ConsentRecord | null, topic: string, topics: Topics): boolean {
  if (record?.unsubscribedTopics.includes(topic)) return false;
  if (record?.subscribedTopics.includes(topic)) return true;
  return topics[topic]?.default !== 'unsubscribed';
}

/** The record after a change; the same record (not a copy) when the change alters nothing. */
export function applyConsentChange(
  record: ConsentRecord,
  change: ConsentChange,
  now: number,
): ConsentRecord {
  if (change.topic === null) {
    if (record.unsubscribedAll === !change.subscribed) return record;
    return { ...record, unsubscribedAll: !change.subscribed, updatedAt: now };
  }
  const { topic } = change;
  const joined = record.subscribedTopics.includes(topic);
  const left = record.unsubscribedTopics.includes(topic);
  if (change.subscribed ? joined && !left : left && !joined) return record;
  const without = (list: string[]) => list.filter((t) => t !== topic);
  return change.subscribed
    ? {
        ...record,
        subscribedTopics: [...without(record.subscribedTopics), topic],
        unsubscribedTopics: without(record.unsubscribedTopics),
        updatedAt: now,
      }
    : {
        ...record,
        subscribedTopics: without(record.subscribedTopics),
        unsubscribedTopics: [...without(record.unsubscribedTopics), topic],
        updatedAt: now,
      };
}

/**
 * The changes that take a record to what a preference page asked for: every declared topic's
 * state, and whether all marketing is off. Topics whose state already matches yield nothing, so
 * saving an untouched page writes nothing and records no event.
 */
export function preferenceChanges(
  record: ConsentRecord | null,
  wanted: { unsubscribedAll: boolean; subscribed: ReadonlySet<string> },
  topics: Topics,
): ConsentChange[] {
  const changes: ConsentChange[] = [];
  for (const topic of Object.keys(topics)) {
    const subscribed = wanted.subscribed.has(topic);
    if (isSubscribed(record, topic, topics) !== subscribed) changes.push({ subscribed, topic });
  }
  if ((record?.unsubscribedAll ?? false) !== wanted.unsubscribedAll)
    changes.push({ subscribed: !wanted.unsubscribedAll, topic: null });
  return changes;
}
