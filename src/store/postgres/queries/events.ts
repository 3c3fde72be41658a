import { named } from '../named-query.js';

/** Columns named as `StoredEvent` fields: with the jsonb and int8 parsers, a row *is* one. */
export const EVENT_COLUMNS = `seq, message_id AS "messageId", type, event, profile_id AS "profileId",
  user_id AS "userId", anonymous_id AS "anonymousId", group_id AS "groupId",
  previous_id AS "previousId", "timestamp", original_timestamp AS "originalTimestamp",
  sent_at AS "sentAt", received_at AS "receivedAt", properties, traits, context, source`;

export const eventQueries = {
  /**
   * One statement for the whole batch (parameters: bulk-columns.ts). ROWS FROM zips the column
   * arrays and the JSON array of [properties, traits, context] back into rows; WITH ORDINALITY
   * + ORDER BY makes the rows, and so the seqs they draw, follow the input order. ON CONFLICT
   * DO NOTHING also skips the second of two equal messageIds within the batch.
   */
  insert: named(
    'insert_events',
    `INSERT INTO events (message_id, type, event, profile_id, user_id, anonymous_id, group_id,
       previous_id, "timestamp", original_timestamp, sent_at, received_at, properties, traits,
       context, source)
     SELECT message_id, type, event, profile_id, user_id, anonymous_id, group_id, previous_id,
       ts, original_timestamp, sent_at, received_at, payload -> 0, payload -> 1, payload -> 2,
       source
     FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]),
       unnest($4::text[]), unnest($5::text[]), unnest($6::text[]), unnest($7::text[]),
       unnest($8::text[]), unnest($9::bigint[]), unnest($10::bigint[]), unnest($11::bigint[]),
       unnest($12::bigint[]), jsonb_array_elements($13::jsonb), unnest($14::text[]))
       WITH ORDINALITY AS t(message_id, type, event, profile_id, user_id, anonymous_id,
         group_id, previous_id, ts, original_timestamp, sent_at, received_at, payload, source,
         ord)
     ORDER BY ord
     ON CONFLICT (message_id) DO NOTHING
     RETURNING seq, message_id AS "messageId"`,
  ),
  known: named(
    'known_message_ids',
    'SELECT message_id AS "messageId" FROM events WHERE message_id = ANY($1::text[])',
  ),
  reassign: named('reassign_events', 'UPDATE events SET profile_id = $2 WHERE profile_id = $1'),
  recent: named(
    'recent_events',
    `SELECT ${EVENT_COLUMNS} FROM events WHERE profile_id = $1 ORDER BY seq DESC LIMIT $2`,
  ),
  after: named(
    'read_events',
    `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`,
  ),
  count: named('count_events', 'SELECT count(*) AS n FROM events'),
  exists: named('has_event', 'SELECT 1 FROM events WHERE message_id = $1'),
};
