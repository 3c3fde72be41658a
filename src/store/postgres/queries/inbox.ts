import { named } from '../named-query.js';
import { MESSAGE_COLUMNS } from './messages.js';

/**
 * A user's in-app inbox (migration 004-inapp): the WHERE of the partial index messages_inbox,
 * with constants the planner can see (also in generic plans) to prove the index applies.
 */
const INBOX = `messages WHERE profile_id = $1 AND channel = 'inapp' AND state = 'sent'`;
const INBOX_COLUMNS = `${MESSAGE_COLUMNS}, read_at AS "readAt", dismissed_at AS "dismissedAt"`;

export const inboxQueries = {
  /** Newest delivery first from the key ($3, $4) on; see page-cursor.ts (timeKeyAfter). */
  list: named(
    'list_inbox',
    `SELECT ${INBOX_COLUMNS} FROM ${INBOX}
     AND ($2::boolean OR dismissed_at IS NULL) AND (sent_at, id) < ($3, $4)
     ORDER BY sent_at DESC, id DESC LIMIT $5`,
  ),
  unread: named(
    'count_unread',
    `SELECT count(*) AS n FROM ${INBOX} AND read_at IS NULL AND dismissed_at IS NULL`,
  ),
  /** coalesce keeps the first time: marking again is a no-op. Dismissed implies read. */
  mark: named(
    'mark_inbox_message',
    `UPDATE messages SET read_at = coalesce(read_at, $3),
       dismissed_at = CASE WHEN $4::boolean THEN coalesce(dismissed_at, $3) ELSE dismissed_at END
     WHERE profile_id = $1 AND id = $2 AND channel = 'inapp' AND state = 'sent'
     RETURNING ${INBOX_COLUMNS}`,
  ),
};
