import { named } from '../named-query.js';

const CONSENT_COLUMNS = `profile_id AS "profileId", unsubscribed_all AS "unsubscribedAll",
  updated_at AS "updatedAt", doc`;

export const consentQueries = {
  get: named(
    'get_consents',
    `SELECT ${CONSENT_COLUMNS} FROM consents WHERE profile_id = ANY($1::text[])`,
  ),
  /** One row per profile (the caller keeps the last): an upsert may not touch a row twice. */
  put: named(
    'put_consents',
    `INSERT INTO consents (profile_id, unsubscribed_all, updated_at, doc)
     SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::boolean[]), unnest($3::bigint[]),
       json_array_elements($4::json))
     ON CONFLICT (profile_id) DO UPDATE SET unsubscribed_all = excluded.unsubscribed_all,
       updated_at = excluded.updated_at, doc = excluded.doc`,
  ),
  delete: named('delete_consent', 'DELETE FROM consents WHERE profile_id = $1'),
};
