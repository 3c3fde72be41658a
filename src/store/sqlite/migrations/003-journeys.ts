import type { Migration } from '../../migration.js';

/**
 * Journey runs, the delivery log and consent. Each index serves named queries (queries/runs.ts,
 * queries/messages.ts); a listing that pages newest first ends its index with the id, so the
 * keyset condition `(time, id) < (?, ?)` is answered inside the index and the walk stops after
 * one page. Runs and messages keep a rowid: their documents (step history, payload) grow past
 * the size where WITHOUT ROWID pays off; consent rows are small and read by key only.
 */
export const migration003Journeys: Migration = {
  id: '003-journeys',
  sql: `
CREATE TABLE journey_runs (
  id TEXT PRIMARY KEY,
  journey_id TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  status TEXT NOT NULL,
  held_out INTEGER NOT NULL,
  version TEXT NOT NULL,
  entered_at INTEGER NOT NULL,
  wake_at INTEGER,
  goal_deadline INTEGER,
  ended_at INTEGER,
  converted_at INTEGER,
  doc TEXT NOT NULL
) STRICT;

-- A user's runs by journey: the runs that listen to an occurrence (on every ingested event),
-- entry histories (GROUP BY profile, journey reads the index in group order), moving runs on a
-- merge, and listRuns for one user (a user has few runs: sorting them is cheap).
CREATE INDEX journey_runs_profile ON journey_runs (profile_id, journey_id);
-- listRuns for one journey, newest entry first.
CREATE INDEX journey_runs_journey ON journey_runs (journey_id, entered_at, id);
-- listRuns unfiltered (the dashboard's default view), newest entry first.
CREATE INDEX journey_runs_entered ON journey_runs (entered_at, id);
-- The runner's timers: claimDueRuns takes the front of it, nextRunWake its first entry. Only
-- runs waiting for a time are in it, so ended runs cost nothing here.
CREATE INDEX journey_runs_wake ON journey_runs (wake_at, id) WHERE wake_at IS NOT NULL;

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL,
  journey_id TEXT,
  run_id TEXT,
  step_id TEXT,
  channel TEXT NOT NULL,
  template TEXT NOT NULL,
  topic TEXT,
  transactional INTEGER NOT NULL,
  priority TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  attempts INTEGER NOT NULL,
  provider_id TEXT,
  due_at INTEGER,
  lease_until INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  sent_at INTEGER,
  payload TEXT NOT NULL
) STRICT;

-- The delivery log, newest first: all of it, one user's, one journey's, or one state's (the
-- failed and dead letters an operator looks for). The state index also finds the few messages
-- left in 'sending' for expiredSends.
CREATE INDEX messages_created ON messages (created_at, id);
CREATE INDEX messages_profile ON messages (profile_id, created_at, id);
CREATE INDEX messages_journey ON messages (journey_id, created_at, id) WHERE journey_id IS NOT NULL;
CREATE INDEX messages_state ON messages (state, created_at, id);
-- The delivery worker's queue: only messages still to deliver, by due time. The queries repeat
-- this WHERE word for word, which is how SQLite knows the partial index applies.
CREATE INDEX messages_due ON messages (due_at, id) WHERE state IN ('queued', 'deferred', 'retrying');
-- Frequency caps: what a user was sent since a time.
CREATE INDEX messages_sent ON messages (profile_id, sent_at) WHERE state = 'sent';

CREATE TABLE consents (
  profile_id TEXT PRIMARY KEY,
  unsubscribed_all INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`,
};
