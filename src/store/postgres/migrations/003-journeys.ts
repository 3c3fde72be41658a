import type { Migration } from '../../migration.js';

/**
 * Journey runs, the delivery log and consent. Each index serves named queries (queries/runs.ts,
 * queries/messages.ts); a listing that pages newest first ends its index with the id, so the
 * keyset condition `(time, id) < ($a, $b)` is an index range and the scan stops after one page.
 * Ids are "C" like every id (keyset pages equal SQLite's). Run documents and message payloads
 * are json, not jsonb: written and read whole, never searched in SQL (see 001-init).
 *
 * No fillfactor here, unlike profiles: a run's update moves its wake_at and a message's its
 * state, both indexed, so the new row version needs new index entries wherever it lands (no
 * HOT update to make room for).
 */
export const migration003Journeys: Migration = {
  id: '003-journeys',
  sql: `
CREATE TABLE journey_runs (
  id text COLLATE "C" PRIMARY KEY,
  journey_id text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  status text NOT NULL,
  held_out boolean NOT NULL,
  version text NOT NULL,
  entered_at bigint NOT NULL,
  wake_at bigint,
  goal_deadline bigint,
  ended_at bigint,
  converted_at bigint,
  doc json NOT NULL
);

-- A user's runs by journey: the runs that listen to an occurrence (on every ingested event),
-- entry histories (GROUP BY profile, journey), moving runs on a merge, and listRuns for one
-- user (a user has few runs: sorting them is cheap).
CREATE INDEX journey_runs_profile ON journey_runs (profile_id, journey_id);
-- listRuns for one journey, newest entry first.
CREATE INDEX journey_runs_journey ON journey_runs (journey_id, entered_at, id);
-- listRuns unfiltered (the dashboard's default view), newest entry first.
CREATE INDEX journey_runs_entered ON journey_runs (entered_at, id);
-- The runner's timers: claimDueRuns takes the front of it (FOR UPDATE SKIP LOCKED), nextRunWake
-- its first entry. Only runs waiting for a time are in it, so ended runs cost nothing here.
CREATE INDEX journey_runs_wake ON journey_runs (wake_at, id) WHERE wake_at IS NOT NULL;

CREATE TABLE messages (
  id text COLLATE "C" PRIMARY KEY,
  profile_id text COLLATE "C" NOT NULL,
  journey_id text COLLATE "C",
  run_id text COLLATE "C",
  step_id text COLLATE "C",
  channel text NOT NULL,
  template text NOT NULL,
  topic text,
  transactional boolean NOT NULL,
  priority text NOT NULL,
  state text NOT NULL,
  reason text,
  attempts integer NOT NULL,
  provider_id text,
  due_at bigint,
  lease_until bigint,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  sent_at bigint,
  payload json NOT NULL
);

-- The delivery log, newest first: all of it, one user's, one journey's, or one state's (the
-- failed and dead letters an operator looks for). The state index also finds the few messages
-- left in 'sending' for expiredSends.
CREATE INDEX messages_created ON messages (created_at, id);
CREATE INDEX messages_profile ON messages (profile_id, created_at, id);
CREATE INDEX messages_journey ON messages (journey_id, created_at, id) WHERE journey_id IS NOT NULL;
CREATE INDEX messages_state ON messages (state, created_at, id);
-- The delivery worker's queue: only messages still to deliver, by due time. The queries spell
-- the states as constants (not parameters), so the planner can prove the partial index applies.
CREATE INDEX messages_due ON messages (due_at, id) WHERE state IN ('queued', 'deferred', 'retrying');
-- Frequency caps: what a user was sent since a time.
CREATE INDEX messages_sent ON messages (profile_id, sent_at) WHERE state = 'sent';

CREATE TABLE consents (
  profile_id text COLLATE "C" PRIMARY KEY,
  unsubscribed_all boolean NOT NULL,
  updated_at bigint NOT NULL,
  doc json NOT NULL
);
`,
};
