import type { ConsentRecord } from './store.js';

/**
 * Consent is a row per profile: `unsubscribed_all` and `updated_at` are columns (counting
 * unsubscribes is a query); the lists of topics and channels are one JSON document, read and
 * written whole.
 */
export type ConsentDoc = Pick<
  ConsentRecord,
  'unsubscribedTopics' | 'subscribedTopics' | 'suppressedChannels'
>;

export function consentDoc(c: ConsentRecord): ConsentDoc {
  return {
    unsubscribedTopics: c.unsubscribedTopics,
    subscribedTopics: c.subscribedTopics,
    suppressedChannels: c.suppressedChannels,
  };
}

export function consentFromRow(
  profileId: string,
  unsubscribedAll: boolean,
  updatedAt: number,
  doc: ConsentDoc,
): ConsentRecord {
  return { profileId, unsubscribedAll, ...doc, updatedAt };
}

/**
 * The consent of two profiles that turned out to be one person (see `reassignConsent`). A
 * message sent against someone's stated wish is worse than one not sent, so every restriction
 * of either record holds, and an opt-in only where neither record opted out of that topic.
 */
export function mergeConsents(
  from: ConsentRecord,
  into: ConsentRecord | null,
  profileId: string,
): ConsentRecord {
  if (!into) return { ...from, profileId };
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  const unsubscribedTopics = union(into.unsubscribedTopics, from.unsubscribedTopics);
  return {
    profileId,
    unsubscribedAll: into.unsubscribedAll || from.unsubscribedAll,
    unsubscribedTopics,
    subscribedTopics: union(into.subscribedTopics, from.subscribedTopics).filter(
      (topic) => !unsubscribedTopics.includes(topic),
    ),
    suppressedChannels: union(into.suppressedChannels, from.suppressedChannels),
    updatedAt: Math.max(into.updatedAt, from.updatedAt),
  };
}
