import type { Migration } from '../../migration.js';

/**
 * `events_activity`: the activity events (the events `activity_days` counts: track calls, page
 * and screen views; Cairn's internal events left out) by profile and time, with what names them
 * (type, event) in the index itself. The signals' early actions (src/store/signals-store.ts
 * `earlyActions`) read each profile's first days as one short range of this index, in time
 * order, instead of every event row of the profile with its JSON payloads and a sort.
 */
export const migration015EarlyActions: Migration = {
  id: '015-early-actions',
  sql: `
CREATE INDEX events_activity ON events (profile_id, "timestamp", seq) INCLUDE (type, event)
  WHERE source <> 'internal' AND (type IN ('page', 'screen') OR (type = 'track' AND event IS NOT NULL));
`,
};
