import type { Database } from 'better-sqlite3';
import type { TimeKey } from '../../page-cursor.js';
import type { InboxMessage } from '../../store.js';
import { MESSAGE_COLUMNS, messageFromRow, type MessageRow } from './messages.js';

/**
 * A user's in-app inbox (migration 004-inapp): word for word the WHERE of the partial index
 * messages_inbox, and named (INDEXED BY) so that SQLite, without statistics, does not walk the
 * user's whole delivery log through messages_profile instead; a mismatch fails at start-up.
 */
const INBOX = `messages INDEXED BY messages_inbox
  WHERE profile_id = @profile AND channel = 'inapp' AND state = 'sent'`;
const INBOX_COLUMNS = `${MESSAGE_COLUMNS}, read_at AS readAt, dismissed_at AS dismissedAt`;

export interface InboxRow extends MessageRow {
  readAt: number | null;
  dismissedAt: number | null;
}

interface InboxParams extends TimeKey {
  profile: string;
  dismissed: number;
  limit: number;
}

interface MarkParams {
  profile: string;
  id: string;
  now: number;
  dismiss: number;
}

export function inboxFromRow(row: InboxRow): InboxMessage {
  return { ...messageFromRow(row), readAt: row.readAt, dismissedAt: row.dismissedAt };
}

export function prepareInboxReads(db: Database) {
  return {
    /** Newest delivery first from `(at, id)` on (page-cursor.ts, timeKeyAfter). */
    list: db.prepare<InboxParams, InboxRow>(
      `SELECT ${INBOX_COLUMNS} FROM ${INBOX}
       AND (@dismissed = 1 OR dismissed_at IS NULL) AND (sent_at, id) < (@at, @id)
       ORDER BY sent_at DESC, id DESC LIMIT @limit`,
    ),
    unread: db.prepare<{ profile: string }, { n: number }>(
      `SELECT count(*) AS n FROM ${INBOX} AND read_at IS NULL AND dismissed_at IS NULL`,
    ),
  };
}

export function prepareInboxWrites(db: Database) {
  return {
    /** coalesce keeps the first time: marking again is a no-op. Dismissed implies read. */
    mark: db.prepare<MarkParams, InboxRow>(
      `UPDATE messages SET read_at = coalesce(read_at, @now),
         dismissed_at = CASE WHEN @dismiss = 1 THEN coalesce(dismissed_at, @now)
                        ELSE dismissed_at END
       WHERE id = @id AND profile_id = @profile AND channel = 'inapp' AND state = 'sent'
       RETURNING ${INBOX_COLUMNS}`,
    ),
  };
}

export type InboxReads = ReturnType<typeof prepareInboxReads>;
