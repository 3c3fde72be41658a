import { named } from '../named-query.js';

export const messageCopyQueries = {
  /** One row per copy ($1–$4 arrays); of two copies of one message, the later wins. */
  put: named(
    'put_message_copies',
    `INSERT INTO message_copies (message_id, profile_id, sent_at, html)
     SELECT DISTINCT ON (message_id) message_id, profile_id, sent_at, html
     FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::bigint[]),
       unnest($4::bytea[])) WITH ORDINALITY AS t(message_id, profile_id, sent_at, html, ord)
     ORDER BY message_id, ord DESC
     ON CONFLICT (message_id) DO UPDATE SET
       profile_id = excluded.profile_id, sent_at = excluded.sent_at, html = excluded.html`,
  ),
  deleteBefore: named(
    'delete_message_copies_before',
    'DELETE FROM message_copies WHERE sent_at < $1',
  ),
  get: named(
    'get_message_copy',
    `SELECT message_id AS "messageId", profile_id AS "profileId", sent_at AS "sentAt", html
     FROM message_copies WHERE message_id = $1`,
  ),
};
