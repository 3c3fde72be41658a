import type { Migration } from '../../migration.js';

/**
 * The in-app inbox is the delivery log: a user's delivered in-app messages are their inbox. What
 * the inbox adds is when the user read and dismissed each message — columns of their own, not
 * part of the payload, because the delivery worker rewrites whole message rows (updateMessages)
 * and must never undo a read; a targeted UPDATE of these two columns cannot race with it.
 */
export const migration004Inapp: Migration = {
  id: '004-inapp',
  sql: `
ALTER TABLE messages ADD COLUMN read_at INTEGER;
ALTER TABLE messages ADD COLUMN dismissed_at INTEGER;

-- A user's inbox, newest delivery first, and their unread count. Only delivered in-app
-- messages are in it: the widget's requests never walk a user's emails or their queue. The
-- queries repeat this WHERE word for word, which is how SQLite knows the partial index applies.
CREATE INDEX messages_inbox ON messages (profile_id, sent_at, id) WHERE channel = 'inapp' AND state = 'sent';
`,
};
