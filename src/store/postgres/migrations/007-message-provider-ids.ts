import type { Migration } from '../../migration.js';

/**
 * Finds a message by its provider id: an asynchronous bounce (RFC 3464) or a complaint (RFC 5965)
 * quotes the Message-ID of the email it is about, which the delivery log keeps as `provider_id`.
 * Partial: queued and suppressed messages, and most in-app ones, have none.
 */
export const migration007MessageProviderIds: Migration = {
  id: '007-message-provider-ids',
  sql: `
CREATE INDEX messages_provider ON messages (provider_id, created_at) WHERE provider_id IS NOT NULL;
`,
};
