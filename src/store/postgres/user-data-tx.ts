import type pg from 'pg';
import type { StoredEvent } from '../../core/types.js';
import { unpackEvent } from '../event-rows.js';
import { checkLimit } from '../page-cursor.js';
import type {
  ErasedRows,
  ErasureRecord,
  SuppressedAddress,
  UserDataWrites,
} from '../user-data-store.js';
import { bigintArray, textArray } from './array-literal.js';
import type { NamedQuery } from './named-query.js';
import { queries } from './postgres-queries.js';

/** Runs a named query on the transaction's connection (and checks the transaction is open). */
type Run = (query: NamedQuery, values: unknown[]) => Promise<pg.QueryResult>;

/**
 * The data-rights writes of one PostgreSQL transaction (see UserDataWrites); `PostgresTx`
 * exposes them as its own. One round trip per call.
 */
export class PostgresUserDataTx implements UserDataWrites {
  constructor(private readonly run: Run) {}

  profileEvents = async (
    profileId: string,
    afterSeq: number,
    limit: number,
  ): Promise<StoredEvent[]> => {
    const { rows } = await this.run(queries.userData.profileEvents, [
      profileId,
      afterSeq,
      checkLimit(limit),
    ]);
    return (rows as StoredEvent[]).map(unpackEvent);
  };

  suppressedAddresses = async (hashes: string[]): Promise<Set<string>> => {
    if (hashes.length === 0) return new Set();
    const { rows } = await this.run(queries.userData.suppressed, [textArray(hashes)]);
    return new Set(rows.map((r: { hash: string }) => r.hash));
  };

  eraseProfile = async (profileId: string): Promise<ErasedRows> => {
    const { rows } = await this.run(queries.userData.erase, [profileId]);
    return rows[0] as ErasedRows;
  };

  suppressAddresses = async (addresses: SuppressedAddress[]): Promise<void> => {
    if (addresses.length === 0) return;
    await this.run(queries.userData.suppress, [
      textArray(addresses.map((a) => a.addressHash)),
      textArray(addresses.map((a) => a.reason)),
      bigintArray(addresses.map((a) => a.createdAt)),
    ]);
  };

  recordErasure = async (record: ErasureRecord): Promise<void> => {
    const { id, erasedAt, subjectHash, actor, rows } = record;
    await this.run(queries.userData.recordErasure, [
      id,
      erasedAt,
      subjectHash,
      actor,
      JSON.stringify({ rows }),
    ]);
  };

  dropEventsBefore = async (before: number, limit: number): Promise<number> => {
    const result = await this.run(queries.userData.dropEvents, [before, checkLimit(limit)]);
    return result.rowCount ?? 0;
  };

  profilesWithoutState = async (after: string | null, limit: number): Promise<string[]> => {
    const { rows } = await this.run(queries.userData.withoutState, [
      after ?? '',
      checkLimit(limit),
    ]);
    return rows.map((r: { id: string }) => r.id);
  };
}
