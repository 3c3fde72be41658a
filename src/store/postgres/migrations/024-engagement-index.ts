import type { Migration } from '../../migration.js';

/**
 * `events_engagement` replaces `events_internal_rows`: see the SQLite migration of the same
 * number. Only the internal events that name a message (what `engagement` reads), by name.
 */
export const migration024EngagementIndex: Migration = {
  id: '024-engagement-index',
  sql: `
DROP INDEX events_internal_rows;
CREATE INDEX events_engagement ON events (event, (properties ->> 'message'))
  WHERE source = 'internal' AND jsonb_typeof(properties -> 'message') = 'string';
`,
};
