import type { Migration } from '../../migration.js';

/**
 * The in-app inbox is the delivery log: a user's delivered in-app messages are their inbox. What
 * the inbox adds is when the user read and dismissed each message — columns of their own, not
 * part of the payload, because the delivery worker rewrites whole message rows (updateMessages)
 * and must never undo a read; a targeted UPDATE of these two columns cannot race with it.
 * Adding nullable columns without a default rewrites no row.
 */
export const migration004Inapp: Migration = {
  id: '004-inapp',
  sql: `
ALTER TABLE messages ADD COLUMN read_at bigint, ADD COLUMN dismissed_at bigint;

-- A user's inbox, newest delivery first, and their unread count: only delivered in-app
-- messages, so the widget's requests never walk a user's emails or the delivery queue.
CREATE INDEX messages_inbox ON messages (profile_id, sent_at, id)
  WHERE channel = 'inapp' AND state = 'sent';
`,
};
