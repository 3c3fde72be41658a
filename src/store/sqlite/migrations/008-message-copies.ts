import type { Migration } from '../../migration.js';

/**
 * The copy of each email as it was sent, for its "view in browser" link: the page shows what
 * the recipient received, not a render with the profile as it is now. Deflated HTML; kept until
 * the view link expires (CAIRN_LINK_DAYS), then dropped by the delivery runtime. `profile_id`
 * lets a user's copies be erased with the rest of their data.
 */
export const migration008MessageCopies: Migration = {
  id: '008-message-copies',
  sql: `
CREATE TABLE message_copies (
  message_id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  html BLOB NOT NULL
) STRICT;
CREATE INDEX message_copies_profile ON message_copies (profile_id);
CREATE INDEX message_copies_sent ON message_copies (sent_at);
`,
};
