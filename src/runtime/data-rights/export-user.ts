import type { Account, Profile, StoredEvent } from '../../core/types.js';
import type { JourneyRun } from '../../engine/journeys/types.js';
import type { ConsentRecord, InboxMessage, MessageRecord, Store } from '../../store/store.js';

/** Everything stored about one user, as records; the HTTP layer presents it. */
export interface UserExport {
  profile: Profile;
  /** The ids merged into this profile (anonymousIds as `anon:<id>`, previous userIds). */
  aliases: string[];
  accounts: Account[];
  events: StoredEvent[];
  messages: MessageRecord[];
  /** The in-app messages delivered to the user, with when they read and dismissed them. */
  inbox: InboxMessage[];
  consent: ConsentRecord | null;
  runs: JourneyRun[];
}

const PAGE = 1000;

/**
 * Gathers everything held about a user (a data-subject access request), paging through each
 * listing. Returns null when no profile has this id. Reads are not one snapshot: a user whose
 * events are still arriving may show an event without the message it caused.
 */
export async function exportUser(store: Store, profileId: string): Promise<UserExport | null> {
  const profile = await store.getProfile(profileId);
  if (!profile) return null;
  const accounts = await Promise.all(profile.accounts.map((id) => store.getAccount(id)));
  return {
    profile,
    aliases: await store.aliasesOf(profileId),
    accounts: accounts.filter((a): a is Account => a !== null),
    events: await allEvents(store, profileId),
    messages: await allPages((after) => store.listMessages({ profileId }, { limit: PAGE, after })),
    inbox: await allPages((after) =>
      store.listInbox(profileId, { limit: PAGE, after, includeDismissed: true }),
    ),
    consent: await store.getConsent(profileId),
    runs: await allPages((after) => store.listRuns({ profileId }, { limit: PAGE, after })),
  };
}

async function allEvents(store: Store, profileId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (;;) {
    const page = await store.profileEvents(profileId, events.at(-1)?.seq ?? 0, PAGE);
    events.push(...page);
    if (page.length < PAGE) return events;
  }
}

async function allPages<T>(
  read: (after: string | undefined) => Promise<{ items: T[]; next: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const page = await read(after);
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return items;
}
