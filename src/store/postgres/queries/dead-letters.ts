import { named } from '../named-query.js';

export const deadLetterQueries = {
  insert: named(
    'insert_dead_letters',
    `INSERT INTO dead_letters (id, message_id, at, error, event)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[])
     ON CONFLICT (id) DO NOTHING`,
  ),
  list: named(
    'list_dead_letters',
    `SELECT id, message_id AS "messageId", at, error, event FROM dead_letters
     WHERE (at, id) < ($1, $2) ORDER BY at DESC, id DESC LIMIT $3`,
  ),
};
