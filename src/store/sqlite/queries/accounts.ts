import type { Database } from 'better-sqlite3';
import type { Account, Membership } from '../../../core/types.js';
import { accountFromRow } from '../../documents.js';

const ACCOUNT_COLUMNS = 'id, first_seen AS firstSeen, last_seen AS lastSeen, doc';
const MEMBER_COLUMNS = 'account_id AS accountId, profile_id AS profileId, joined_at AS joinedAt';

export interface AccountRecord {
  id: string;
  firstSeen: number;
  lastSeen: number;
  doc: string;
}

export function accountFromRecord(r: AccountRecord): Account {
  return accountFromRow(r.id, r.firstSeen, r.lastSeen, JSON.parse(r.doc));
}

export function prepareAccountWrites(db: Database) {
  return {
    get: db.prepare<[string], AccountRecord>(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`,
    ),
    upsert: db.prepare<[string, number, number, number, string]>(
      `INSERT INTO accounts (id, first_seen, last_seen, updated_at, doc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET first_seen = excluded.first_seen,
         last_seen = excluded.last_seen, updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    addMembership: db.prepare<[string, string, number]>(
      `INSERT INTO memberships (account_id, profile_id, joined_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id, profile_id) DO NOTHING`,
    ),
    // Where the target is already a member, the earlier join time is the true one.
    // (`WHERE true` lets SQLite parse ON CONFLICT after a SELECT.)
    copyMemberships: db.prepare<{ from: string; to: string }>(
      `INSERT INTO memberships (account_id, profile_id, joined_at)
       SELECT account_id, @to, joined_at FROM memberships WHERE profile_id = @from AND true
       ON CONFLICT (account_id, profile_id)
         DO UPDATE SET joined_at = min(joined_at, excluded.joined_at)`,
    ),
    deleteMemberships: db.prepare<[string]>('DELETE FROM memberships WHERE profile_id = ?'),
    members: db.prepare<[string], Membership>(
      `SELECT ${MEMBER_COLUMNS} FROM memberships WHERE account_id = ? ORDER BY profile_id`,
    ),
  };
}

export function prepareAccountReads(db: Database) {
  return {
    get: db.prepare<[string], AccountRecord>(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`,
    ),
    listFirst: db.prepare<{ limit: number }, AccountRecord>(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY id LIMIT @limit`,
    ),
    listAfter: db.prepare<{ after: string; limit: number }, AccountRecord>(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id > @after ORDER BY id LIMIT @limit`,
    ),
    membersFirst: db.prepare<{ account: string; limit: number }, Membership>(
      `SELECT ${MEMBER_COLUMNS} FROM memberships WHERE account_id = @account
       ORDER BY profile_id LIMIT @limit`,
    ),
    membersAfter: db.prepare<{ account: string; after: string; limit: number }, Membership>(
      `SELECT ${MEMBER_COLUMNS} FROM memberships WHERE account_id = @account
       AND profile_id > @after ORDER BY profile_id LIMIT @limit`,
    ),
  };
}

export type AccountWrites = ReturnType<typeof prepareAccountWrites>;
export type AccountReads = ReturnType<typeof prepareAccountReads>;
