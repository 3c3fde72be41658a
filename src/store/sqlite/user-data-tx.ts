import { checkLimit } from '../page-cursor.js';
import type { StoredEvent } from '../../core/types.js';
import type {
  ErasedRows,
  ErasureRecord,
  SuppressedAddress,
  UserDataWrites,
} from '../user-data-store.js';
import { eventFromRow } from './queries/events.js';
import { erasureParams, type UserDataWriteStatements } from './queries/user-data.js';

/**
 * The data-rights writes of one SQLite transaction (see UserDataWrites); `SqliteTx` exposes them
 * as its own. `forgetProfile` drops what the transaction derives from a profile (its cached
 * document, state timer, segments and zone), as deleting a profile does.
 */
export class SqliteUserDataTx implements UserDataWrites {
  constructor(
    private readonly statements: () => UserDataWriteStatements,
    private readonly forgetProfile: (id: string) => void,
  ) {}

  profileEvents = async (
    profileId: string,
    afterSeq: number,
    limit: number,
  ): Promise<StoredEvent[]> => {
    const q = this.statements();
    return q.profileEvents.all(profileId, afterSeq, checkLimit(limit)).map(eventFromRow);
  };

  suppressedAddresses = async (hashes: string[]): Promise<Set<string>> => {
    const q = this.statements();
    if (hashes.length === 0) return new Set();
    return new Set(q.suppressed.all(JSON.stringify(hashes)).map((r) => r.hash));
  };

  eraseProfile = async (profileId: string): Promise<ErasedRows> => {
    const q = this.statements();
    const rows = {} as ErasedRows;
    for (const [table, statement] of Object.entries(q.erase)) {
      rows[table as keyof ErasedRows] = statement.run(profileId).changes;
    }
    this.forgetProfile(profileId);
    return rows;
  };

  suppressAddresses = async (addresses: SuppressedAddress[]): Promise<void> => {
    const q = this.statements();
    for (const address of addresses) q.suppress.run(address);
  };

  recordErasure = async (record: ErasureRecord): Promise<void> => {
    this.statements().recordErasure.run(erasureParams(record));
  };

  dropEventsBefore = async (before: number, limit: number): Promise<number> => {
    return this.statements().dropEvents.run(before, checkLimit(limit)).changes;
  };

  profilesWithoutState = async (after: string | null, limit: number): Promise<string[]> => {
    const q = this.statements();
    return q.withoutState.all(after ?? '', checkLimit(limit)).map((r) => r.id);
  };
}
