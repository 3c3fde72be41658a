import { named } from '../named-query.js';

const ACCOUNT_COLUMNS = 'id, first_seen AS "firstSeen", last_seen AS "lastSeen", doc';
const MEMBER_COLUMNS =
  'account_id AS "accountId", profile_id AS "profileId", joined_at AS "joinedAt"';

export const accountQueries = {
  get: named('get_accounts', `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ANY($1::text[])`),
  /** Parameters: bulk-columns.ts; the documents are one JSON array, kept as json text. */
  upsert: named(
    'put_accounts',
    `INSERT INTO accounts (id, first_seen, last_seen, updated_at, doc)
     SELECT id, first_seen, last_seen, $4, doc
     FROM ROWS FROM (unnest($1::text[]), unnest($2::bigint[]), unnest($3::bigint[]),
       json_array_elements($5::json)) AS t(id, first_seen, last_seen, doc)
     ON CONFLICT (id) DO UPDATE SET first_seen = excluded.first_seen,
       last_seen = excluded.last_seen, updated_at = excluded.updated_at, doc = excluded.doc`,
  ),
  addMemberships: named(
    'add_memberships',
    `INSERT INTO memberships (account_id, profile_id, joined_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
     ON CONFLICT (account_id, profile_id) DO NOTHING`,
  ),
  /** Where the target is already a member, the earlier join time is the true one. */
  reassignMemberships: named(
    'reassign_memberships',
    `WITH moved AS (DELETE FROM memberships WHERE profile_id = $1 RETURNING account_id, joined_at)
     INSERT INTO memberships (account_id, profile_id, joined_at)
     SELECT account_id, $2, joined_at FROM moved
     ON CONFLICT (account_id, profile_id)
       DO UPDATE SET joined_at = least(memberships.joined_at, excluded.joined_at)`,
  ),
  membersOf: named(
    'members_of_accounts',
    `SELECT ${MEMBER_COLUMNS} FROM memberships WHERE account_id = ANY($1::text[])
     ORDER BY account_id, profile_id`,
  ),
  listFirst: named('list_accounts', `SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY id LIMIT $1`),
  listAfter: named(
    'list_accounts_after',
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id > $2 ORDER BY id LIMIT $1`,
  ),
  membersFirst: named(
    'account_members',
    `SELECT ${MEMBER_COLUMNS} FROM memberships WHERE account_id = $1
     ORDER BY profile_id LIMIT $2`,
  ),
  membersAfter: named(
    'account_members_after',
    `SELECT ${MEMBER_COLUMNS} FROM memberships WHERE account_id = $1 AND profile_id > $3
     ORDER BY profile_id LIMIT $2`,
  ),
};
