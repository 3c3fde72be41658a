import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Clock } from '../core/clock.js';
import type { IncomingEvent } from '../core/types.js';
import type { FieldError } from '../ingest/field-error.js';
import { normalizeEvent } from '../ingest/normalize-event.js';
import { eventTimeErrors } from '../ingest/time-window.js';
import { MAX_EVENT_BYTES, tooLarge } from '../ingest/parse-batch.js';
import { validateEvent } from '../ingest/validate-event.js';
import { identityKeys } from '../engine/profile/resolve-identities.js';
import type { Store } from '../store/store.js';
import { applyEvents } from './apply-events.js';
import { accountLockKey } from './batch-work.js';
import {
  bringStateUpToDate,
  deriveStateFromHistory,
  noteHistoryWithoutState,
} from './derive-history.js';
import type { Workspace } from './workspace.js';

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  stored: number;
  duplicates: number;
  invalid: number;
}

export interface ImportOptions {
  /** Events per transaction; by default a transaction ends at TRANSACTION_EVENTS events or
   * TRANSACTION_KEYS identities, whichever comes first. */
  batchSize?: number;
  /** Without `batchSize`: the identities after which a transaction ends (TRANSACTION_KEYS). */
  transactionKeys?: number;
  onProgress?: (progress: ImportProgress) => void;
  onInvalidLine?: (line: number, errors: FieldError[]) => void;
  /** Derive state while importing (milestones, segments…); imported events never start journeys. */
  workspace?: Workspace;
}

/**
 * An import is a backfill: nothing waits on its commits, so its transactions are as large as
 * memory allows. Each transaction reads, derives and writes every profile and account it touches
 * once (BatchWork), so the fewer transactions a user's events spread over, the fewer times their
 * ~2–4 KB profile is encoded and written (in time order, 1,000 events touch ~1,000 users of
 * 20,000: a profile write per event). A transaction ends at TRANSACTION_EVENTS events, or sooner
 * once its events name TRANSACTION_KEYS identities (user ids, anonymous ids, accounts: the keys
 * it locks, and about the profiles and accounts it holds in memory).
 */
export const TRANSACTION_EVENTS = 20_000;
export const TRANSACTION_KEYS = 10_000;
/**
 * Where several processes share the database, each key is a lock held to the commit in a table
 * of fixed size shared with them (PostgreSQL: max_locks_per_transaction × max_connections, 6,400
 * by default; a transaction taking ~11,000 advisory locks fails there with "out of shared
 * memory"), so a transaction takes fewer.
 */
export const SHARED_TRANSACTION_KEYS = 3_000;

/**
 * Backfills history from an NDJSON file, one Segment call per line, straight into the store.
 * Imported events keep their own timestamps and are marked `source: import`: they build
 * profiles and state but never trigger a message. With definitions, state is derived as of each
 * event's time, then brought up to the clock's time (history, recorded without journeys);
 * without, the first start with definitions derives it from the log (derive-history.ts). Bad lines are reported and skipped; running
 * the same file twice stores nothing new (messageId dedupe).
 */
export async function importEvents(
  store: Store,
  file: string,
  clock: Clock,
  options: ImportOptions = {},
): Promise<ImportProgress> {
  const batchSize = options.batchSize ?? TRANSACTION_EVENTS;
  const keyLimit = options.batchSize
    ? Infinity
    : (options.transactionKeys ??
      (store.capabilities.supportsManyProcesses ? SHARED_TRANSACTION_KEYS : TRANSACTION_KEYS));
  const progress: ImportProgress = {
    bytesRead: 0,
    totalBytes: statSync(file).size,
    stored: 0,
    duplicates: 0,
    invalid: 0,
  };
  let batch: IncomingEvent[] = [];
  /** The identities the batch's events name (see TRANSACTION_KEYS). */
  let keys = new Set<string>();
  let lineNumber = 0;
  const definitions = options.workspace?.definitions ?? null;
  /** The profiles the import changed, brought up to date at the end. */
  const touched = new Set<string>();
  // Profiles an earlier import left without state get it first, from their own history.
  if (definitions) await deriveStateFromHistory(store, definitions, clock.now());
  // Opened only now: readline reads as soon as it exists, and lines it emits before the loop
  // below starts iterating are lost (the file was read during the await above on PostgreSQL).
  const input = createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });

  const commit = async () => {
    if (!batch.length) return;
    const events = batch;
    batch = [];
    keys = new Set();
    const applied = await store.transaction((tx) =>
      applyEvents(tx, events, { definitions, now: clock.now(), stateAtEventTime: true }),
    );
    for (const event of applied.inserted) {
      if (event.source !== 'import') continue;
      progress.stored += 1;
      touched.add(event.profileId);
    }
    progress.duplicates += applied.duplicates;
    progress.bytesRead = input.bytesRead;
    options.onProgress?.(progress);
  };

  for await (const line of lines) {
    lineNumber += 1;
    if (!line.trim()) continue;
    const errors = parseLine(line, clock.now(), batch);
    if (errors) {
      progress.invalid += 1;
      options.onInvalidLine?.(lineNumber, errors);
    } else {
      const added = batch[batch.length - 1];
      for (const key of identityKeys(added)) keys.add(key);
      if (added.groupId) keys.add(accountLockKey(added.groupId));
    }
    if (batch.length >= batchSize || keys.size >= keyLimit) await commit();
  }
  await commit();
  if (definitions) {
    await bringStateUpToDate(store, definitions, touched, clock.now());
  } else if (progress.stored > 0) {
    // The first start with definitions derives these profiles' state from their history.
    await noteHistoryWithoutState(store);
  }
  progress.bytesRead = progress.totalBytes;
  options.onProgress?.(progress);
  return progress;
}

/** Adds the line's event to `batch`, or returns why it cannot be imported. */
function parseLine(line: string, now: number, batch: IncomingEvent[]): FieldError[] | null {
  const size = Buffer.byteLength(line);
  if (size > MAX_EVENT_BYTES) return [{ field: 'line', message: tooLarge(size) }];
  let body: unknown;
  try {
    body = JSON.parse(line);
  } catch (error) {
    return [{ field: 'line', message: `malformed JSON: ${(error as Error).message}` }];
  }
  const result = validateEvent(body);
  if (!result.ok) return result.errors;
  const event = normalizeEvent(result.event, { receivedAt: now, source: 'import' });
  const timeErrors = eventTimeErrors(event, now);
  if (timeErrors.length) return timeErrors;
  batch.push(event);
  return null;
}
