import { named } from '../named-query.js';

export const messageCopyQueries = {
  /** One row per copy ($1–$5 arrays); of two copies of one message, the later wins. */
  put: named(
    'put_message_copies',
    `INSERT INTO message_copies (message_id, profile_id, sent_at, html, dictionary)
     SELECT DISTINCT ON (message_id) message_id, profile_id, sent_at, html, dictionary
     FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::bigint[]),
       unnest($4::bytea[]), unnest($5::text[]))
       WITH ORDINALITY AS t(message_id, profile_id, sent_at, html, dictionary, ord)
     ORDER BY message_id, ord DESC
     ON CONFLICT (message_id) DO UPDATE SET
       profile_id = excluded.profile_id, sent_at = excluded.sent_at, html = excluded.html,
       dictionary = excluded.dictionary`,
  ),
  /** The dictionaries the copies name ($1, $2 arrays), kept (or put back); $3 when used. */
  putDictionaries: named(
    'put_message_copy_dictionaries',
    `INSERT INTO message_copy_dictionaries (id, body, used_at)
     SELECT id, body, $3::bigint FROM unnest($1::text[], $2::bytea[]) AS t(id, body)
     ON CONFLICT (id) DO UPDATE SET
       used_at = greatest(message_copy_dictionaries.used_at, excluded.used_at)`,
  ),
  deleteBefore: named(
    'delete_message_copies_before',
    'DELETE FROM message_copies WHERE sent_at < $1',
  ),
  /** Dictionaries no copy has used since $1 and no copy names. */
  deleteDictionariesBefore: named(
    'delete_message_copy_dictionaries_before',
    `DELETE FROM message_copy_dictionaries WHERE used_at < $1
       AND id NOT IN (SELECT dictionary FROM message_copies WHERE dictionary IS NOT NULL)`,
  ),
  get: named(
    'get_message_copy',
    `SELECT message_id AS "messageId", profile_id AS "profileId", sent_at AS "sentAt", html,
       dictionary
     FROM message_copies WHERE message_id = $1`,
  ),
  dictionary: named(
    'get_message_copy_dictionary',
    'SELECT body FROM message_copy_dictionaries WHERE id = $1',
  ),
};
