import type { AnalyticsStore, AnalyticsUsersQuery } from '../store/analytics-store.js';

/**
 * The analytics port with each distinct read made once: calls with the same arguments share one
 * answer. With `conversionEvent`, user reads without a conversion event are made with it. For
 * answering several metrics of one request together (the overview), where every metric would
 * otherwise read every profile row again. Not a cache: it lives for one request.
 */
export function sharedReads(
  store: AnalyticsStore,
  options: { conversionEvent?: string | null } = {},
): AnalyticsStore {
  const answers = new Map<string, Promise<unknown>>();
  const once =
    <A extends unknown[], R>(name: string, read: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const key = `${name}:${JSON.stringify(args)}`;
      let answer = answers.get(key) as Promise<R> | undefined;
      if (!answer) answers.set(key, (answer = read(...args)));
      return answer;
    };
  const users = once('users', (q: AnalyticsUsersQuery) => store.analyticsUsers(q));
  const conversionEvent = options.conversionEvent ?? null;
  return {
    // A read with no conversion event gets the rows read with `conversionEvent` (the same rows
    // with one more field its metric does not look at): one read of the users, not two.
    // Likewise a narrow read without the milestones gets the one with them (activation's and
    // conversion's users are the same rows but for the milestones conversion does not look at).
    analyticsUsers: (q) =>
      users({
        ...q,
        ...(q.conversionEvent === null && conversionEvent !== null ? { conversionEvent } : {}),
        ...(q.only && !q.only.milestones ? { only: { ...q.only, milestones: true } } : {}),
      }),
    activityDays: once('days', (q) => store.activityDays(q)),
    retentionCounts: once('retention', (q) => store.retentionCounts(q)),
    adoptionCounts: once('adoption', (q) => store.adoptionCounts(q)),
    activityNames: once('names', (from, to) => store.activityNames(from, to)),
    stageChangeCounts: once('stage counts', (until) => store.stageChangeCounts(until)),
    stagesAt: once('stages at', (kind, at) => store.stagesAt(kind, at)),
    traitFirstMatch: once('trait', (trait, values) => store.traitFirstMatch(trait, values)),
    analyticsMessages: once('messages', (from, to) => store.analyticsMessages(from, to)),
    messageEngagement: once('engagement', (names) => store.messageEngagement(names)),
    allMemberships: once('memberships', () => store.allMemberships()),
    scanEvents: () => store.scanEvents(),
  };
}
