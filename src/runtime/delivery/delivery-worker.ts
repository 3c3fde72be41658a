import {
  DEFAULT_RETRY_POLICY,
  retryDecision,
  type RetryPolicy,
} from '../../channels/retry-policy.js';
import type { Clock } from '../../core/clock.js';
import type { Account, Profile } from '../../core/types.js';
import type { LoadedDefinitions } from '../../definitions/index.js';
import { capLookback } from './cap-lookback.js';
import type { MessageCopy, MessageRecord, Store, StoreTx } from '../../store/store.js';
import { suppressEmail } from '../consent/suppress-email.js';
import { DueWorkLoop, type DueWork } from '../due-work-loop.js';
import type { Workspace } from '../workspace.js';
import { decideClaimed } from './decide-claimed.js';
import type { Dispatched, Dispatcher } from './dispatcher.js';
import { suppressListedAddresses } from './listed-addresses.js';

export interface DeliveryWorkerOptions {
  batchSize?: number;
  maxSleepMs?: number;
  retry?: RetryPolicy;
  /** [0, 1); injected so tests know the backoff delays. */
  random?: () => number;
  onError?: (error: unknown) => void;
  /** Called with each batch's outcomes once they are committed (sent, retrying, failed…). */
  onRecorded?: (messages: MessageRecord[]) => void;
}

/**
 * Delivers the queued messages of the delivery log, in three steps:
 * 1. in one transaction, claim due messages (SKIP LOCKED on PostgreSQL), apply consent, quiet
 *    hours and frequency caps, and mark the ones that go `sending` with a lease;
 * 2. outside any transaction, render and send them;
 * 3. in another transaction, record each outcome: sent, retrying (with backoff), failed or dead.
 * A crash between 1 and 3 leaves messages `sending`; when their lease ends they are marked
 * failed and never sent again — no one receives a message twice.
 */
export class DeliveryWorker extends DueWorkLoop {
  constructor(
    store: Store,
    workspace: Workspace,
    clock: Clock,
    dispatcher: Dispatcher,
    options: DeliveryWorkerOptions = {},
  ) {
    const batchSize = options.batchSize ?? 200;
    super(delivery(store, workspace, clock, dispatcher, batchSize, options), clock, {
      ...options,
      batchSize,
    });
  }
}

function delivery(
  store: Store,
  workspace: Workspace,
  clock: Clock,
  dispatcher: Dispatcher,
  batchSize: number,
  options: DeliveryWorkerOptions,
): DueWork {
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  return {
    nextDue: () => store.nextMessageDue(),
    async sweepOnce() {
      const definitions = workspace.definitions;
      if (!definitions) return 0;
      const now = clock.now();
      // The recipients' documents are read until their messages are rendered and sent.
      let rendered!: () => void;
      const done = new Promise<void>((resolve) => (rendered = resolve));
      let claimed: number;
      let results: { message: MessageRecord; result: Dispatched }[];
      try {
        const batch = await store.transaction((tx) =>
          claim(tx, definitions, dispatcher, batchSize, now, done),
        );
        claimed = batch.claimed;
        if (!batch.outgoing.length) return claimed;
        results = await Promise.all(
          batch.outgoing.map(async ({ message, profile, account }) => ({
            message,
            result: await dispatcher.dispatch(message, { profile, account, definitions, now }),
          })),
        );
      } finally {
        rendered();
      }
      const recorded = await store.transaction((tx) =>
        record(tx, results, clock.now(), retry, random),
      );
      options.onRecorded?.(recorded);
      return claimed;
    },
  };
}

/** The reason of a message whose send was cut off: it may have reached the recipient, so it is
 * never sent again, neither here nor by a retry asked for by hand (routes/messages.ts). */
export const INTERRUPTED =
  'delivery was interrupted; not sent again, so that no one receives it twice';

async function claim(
  tx: StoreTx,
  definitions: LoadedDefinitions,
  dispatcher: Dispatcher,
  limit: number,
  now: number,
  rendered: Promise<void>,
) {
  const expired = await tx.expiredSends(now, limit);
  if (expired.length) {
    await tx.updateMessages(
      expired.map((m) => ({
        ...m,
        state: 'failed',
        reason: INTERRUPTED,
        leaseUntil: null,
        updatedAt: now,
      })),
    );
  }
  const due = await tx.claimDueMessages(now, limit);
  if (!due.length) return { claimed: expired.length, outgoing: [] };
  const ids = [...new Set(due.map((m) => m.profileId))];
  const profiles = await tx.getProfiles(ids);
  const consents = await tx.getConsents(ids);
  const recent = await tx.recentSends(ids, now - capLookback(definitions));
  const consented = decideClaimed(due, {
    definitions,
    profiles,
    consents,
    recent,
    now,
    topicOf: (message) => dispatcher.topicOf(message),
  });
  const decided = await suppressListedAddresses(tx, consented, profiles);
  await tx.updateMessages(decided);
  const accountIds = [...profiles.values()].flatMap((p) => p.accounts.slice(0, 1));
  const accounts = accountIds.length
    ? await tx.getAccounts(accountIds)
    : new Map<string, Account>();
  // Delivery only reads its recipients: they stay in the store's memory once rendered, for the
  // next transaction (most often the recipient's next event) not to read them again.
  tx.keepUnchanged(profiles.keys(), accounts.keys(), rendered);
  const outgoing = decided
    .filter((m) => m.state === 'sending')
    .map((message) => {
      const profile = profiles.get(message.profileId) as Profile;
      return { message, profile, account: accounts.get(profile.accounts[0]) ?? null };
    });
  return { claimed: due.length + expired.length, outgoing };
}

async function record(
  tx: StoreTx,
  results: { message: MessageRecord; result: Dispatched }[],
  now: number,
  retry: RetryPolicy,
  random: () => number,
) {
  const bounced: string[] = [];
  // What each email looked like when sent, for its view-in-browser link.
  const copies: MessageCopy[] = results.flatMap(({ message, result }) =>
    result.ok && result.copy !== undefined
      ? [{ messageId: message.id, profileId: message.profileId, sentAt: now, html: result.copy }]
      : [],
  );
  const updates = results.map(({ message, result }): MessageRecord => {
    const base = { ...message, leaseUntil: null, updatedAt: now };
    if (result.ok) {
      return {
        ...base,
        state: 'sent',
        sentAt: now,
        providerId: result.providerId,
        reason: result.detail ?? null,
      };
    }
    const { error } = result;
    // A hard bounce puts the address on the suppression list: no more email to it.
    if (error.suppress === 'bounced') bounced.push(message.profileId);
    const decision = retryDecision(retry, message.attempts, error, random);
    const why = `${error.code}: ${error.message}`;
    if (decision.action === 'retry') {
      return { ...base, state: 'retrying', dueAt: now + decision.delayMs, reason: why };
    }
    if (decision.action === 'dead-letter') {
      return {
        ...base,
        state: 'dead',
        dueAt: null,
        reason: `gave up after ${message.attempts} attempts: ${why}`,
      };
    }
    return { ...base, state: 'failed', dueAt: null, reason: why };
  });
  await tx.updateMessages(updates);
  await tx.putMessageCopies(copies);
  await suppressEmail(tx, bounced, now);
  return updates;
}
