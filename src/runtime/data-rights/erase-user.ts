import { randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { messageIdLocalPart } from '../../channels/email/message-id.js';
import { listOutbox } from '../../channels/email/outbox-reader.js';
import type { Clock } from '../../core/clock.js';
import type { Store, StoreTx } from '../../store/store.js';
import type { ErasureRecord } from '../../store/user-data-store.js';
import { accountLockKey } from '../batch-work.js';
import { addressHash, emailsIn, subjectHash } from './address-hash.js';

export interface EraseOptions {
  clock: Clock;
  /** Who asked, for the erasure log: `admin-api`, `cli`. */
  actor: string;
  /** The dev outbox folder (null when email goes out over SMTP): its copies are deleted too. */
  outboxDir: string | null;
}

export interface Erasure {
  record: ErasureRecord;
  /** How many addresses went on the suppression list (new or already there). */
  suppressed: number;
  /** Outbox files deleted. */
  files: number;
}

const PAGE = 1000;

/**
 * Erases one user (a data-subject request): in one transaction, with the user locked, every row
 * held under the profile — profile, aliases, events, messages and in-app inbox, journey runs,
 * consent, account memberships, state timer, segments, time zone — goes; every address the user
 * was known by goes on the suppression list as a hash, so it is never mailed again; and the
 * erasure is logged with no personal data. Then the dev outbox's copies of their email are
 * deleted. Returns null when no profile has this id.
 *
 * Events still on their way (queued in a client, or in this process's group commit) create a new
 * profile when they arrive: stop sending the user's events first.
 */
export async function eraseUser(
  store: Store,
  profileId: string,
  options: EraseOptions,
): Promise<Erasure | null> {
  // The message ids name the outbox files; read before the rows go (the scan by address below
  // catches any file this list misses).
  const messageIds = await messagesOf(store, profileId);
  const aliases = await store.aliasesOf(profileId);
  const now = options.clock.now();
  const done = await store.transaction(async (tx) => {
    await tx.lockKeys([profileId, ...aliases]);
    const profile = (await tx.getProfiles([profileId])).get(profileId);
    if (!profile) return null;
    const addresses = emailsIn(profile.traits);
    for await (const event of eventsOf(tx, profileId)) {
      emailsIn(event.traits, addresses);
      emailsIn(event.context, addresses);
      emailsIn(event.properties, addresses);
    }
    await leaveAccounts(tx, profile.accounts);
    const rows = await tx.eraseProfile(profileId);
    await tx.suppressAddresses(
      [...addresses].map((a) => ({
        addressHash: addressHash(a),
        reason: 'erased',
        createdAt: now,
      })),
    );
    const record: ErasureRecord = {
      id: randomUUID(),
      erasedAt: now,
      subjectHash: subjectHash(profileId),
      actor: options.actor,
      rows,
    };
    await tx.recordErasure(record);
    return { record, addresses };
  });
  if (!done) return null;
  const files = options.outboxDir
    ? await deleteOutboxCopies(options.outboxDir, messageIds, done.addresses)
    : 0;
  return { record: done.record, suppressed: done.addresses.size, files };
}

async function messagesOf(store: Store, profileId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await store.listMessages({ profileId }, { limit: PAGE, after });
    for (const message of page.items) if (message.channel === 'email') ids.push(message.id);
    after = page.next ?? undefined;
  } while (after);
  return ids;
}

async function* eventsOf(tx: StoreTx, profileId: string) {
  let after = 0;
  for (;;) {
    const page = await tx.profileEvents(profileId, after, PAGE);
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1].seq;
  }
}

/** The accounts the user belonged to count one member fewer. */
async function leaveAccounts(tx: StoreTx, accountIds: string[]): Promise<void> {
  if (!accountIds.length) return;
  await tx.lockKeys(accountIds.map(accountLockKey));
  const accounts = [...(await tx.getAccounts(accountIds)).values()];
  for (const account of accounts) account.memberCount = Math.max(0, account.memberCount - 1);
  if (accounts.length) await tx.putAccounts(accounts);
}

/** Deletes the outbox files of these messages, and any other addressed to these addresses. */
async function deleteOutboxCopies(
  dir: string,
  messageIds: string[],
  addresses: Set<string>,
): Promise<number> {
  const names = new Set(messageIds.map(messageIdLocalPart));
  if (addresses.size) {
    for (const entry of await listOutbox(dir, { limit: Infinity })) {
      const to = entry.to.toLowerCase();
      if ([...addresses].some((address) => to.includes(address))) names.add(entry.id);
    }
  }
  let deleted = 0;
  for (const name of names) {
    try {
      await unlink(join(dir, `${name}.eml`));
      deleted += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return deleted;
}
