import type { StoredEvent } from '../core/types.js';
import type { Page, PageRequest } from './store.js';

/**
 * The part of the store port that data-subject rights and retention use (docs/data-rights.md):
 * reading everything held about one user, erasing it, the address suppression list that outlives
 * an erased user, the erasure log, and dropping old events. `Store` and `StoreTx` (store.ts)
 * extend these interfaces.
 */

/** How many rows an erasure deleted, per table. */
export interface ErasedRows {
  profiles: number;
  aliases: number;
  events: number;
  messages: number;
  runs: number;
  consents: number;
  memberships: number;
}

/**
 * One erasure, as the erasure log keeps it: no personal data, only a hash of the erased
 * profile id (so "was user X erased?" can be answered by whoever knows X) and what was deleted.
 */
export interface ErasureRecord {
  id: string;
  erasedAt: number;
  /** sha256 (hex) of the erased profile id. */
  subjectHash: string;
  /** Who asked: `admin-api`, `cli`. */
  actor: string;
  rows: ErasedRows;
}

/** An address that must never be mailed again, by the sha256 of its normalized form. */
export interface SuppressedAddress {
  addressHash: string;
  /** Why, in a word: `erased`. */
  reason: string;
  createdAt: number;
}

interface UserDataShared {
  /** A profile's events (its internal ones too) in log order, after `afterSeq`. */
  profileEvents(profileId: string, afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Of these address hashes, the ones on the suppression list. */
  suppressedAddresses(hashes: string[]): Promise<Set<string>>;
}

export interface UserDataReads extends UserDataShared {
  /** The ids that resolve to this profile (anonymousIds as `anon:<id>`, previous userIds). */
  aliasesOf(profileId: string): Promise<string[]>;
  /** The erasure log, newest first. */
  listErasures(page: PageRequest): Promise<Page<ErasureRecord>>;
}

export interface UserDataWrites extends UserDataShared {
  /**
   * Deletes everything stored under one profile id: the profile (with its state timer, segment
   * memberships and time zone), the aliases leading to it, its events, messages (in-app inbox
   * included), journey runs, consent record and account memberships. Account documents are the
   * caller's to correct (their member counts).
   */
  eraseProfile(profileId: string): Promise<ErasedRows>;
  /** Adds addresses to the suppression list; one already there is left as it is. */
  suppressAddresses(addresses: SuppressedAddress[]): Promise<void>;
  recordErasure(record: ErasureRecord): Promise<void>;
  /**
   * Deletes up to `limit` events whose `timestamp` is before `before`, oldest first; returns
   * how many. Nothing derived reads old events (counters live in the profile), so state stays.
   */
  dropEventsBefore(before: number, limit: number): Promise<number>;
  /**
   * Up to `limit` profile ids, in id order after `after` (null: from the first), whose state was
   * never derived (no `definitionsVersion`): profiles built while no definitions were loaded.
   */
  profilesWithoutState(after: string | null, limit: number): Promise<string[]>;
}
