import { named } from '../named-query.js';

export const journeyVersionQueries = {
  /** $1/$2: journey ids and versions, pairwise. */
  get: named(
    'get_journey_versions',
    `SELECT v.journey_id AS "journeyId", v.version, v.definition, v.created_at AS "createdAt"
     FROM unnest($1::text[], $2::text[]) AS k(journey_id, version)
     JOIN journey_versions v ON v.journey_id = k.journey_id AND v.version = k.version`,
  ),
  /** $1–$3: journey ids, versions, created_at; $4: the definitions as one JSON array. */
  put: named(
    'put_journey_versions',
    `INSERT INTO journey_versions (journey_id, version, definition, created_at)
     SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]),
       json_array_elements($4::json), unnest($3::bigint[]))
     ON CONFLICT (journey_id, version) DO NOTHING`,
  ),
};
