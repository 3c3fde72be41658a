import { named } from '../named-query.js';

const MEMBER_COLUMNS = 'profile_id AS "profileId", entered_at AS "enteredAt"';

export const stateQueries = {
  /** $1/$2: profiles and due times to set; $3: profiles whose timer is cleared. The two parts
   * touch different rows (one change per profile, see state-changes.ts). */
  setTimers: named(
    'set_state_timers',
    `WITH cleared AS (DELETE FROM state_timers WHERE profile_id = ANY($3::text[]))
     INSERT INTO state_timers (profile_id, due_at)
     SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (profile_id) DO UPDATE SET due_at = excluded.due_at`,
  ),
  /** Rows stay locked until the transaction ends; rows another sweeper holds are skipped. */
  claimDue: named(
    'claim_due_state_timers',
    `SELECT profile_id AS "profileId" FROM state_timers WHERE due_at <= $1
     ORDER BY due_at, profile_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
  ),
  nextTimer: named('next_state_timer', 'SELECT min(due_at) AS next FROM state_timers'),
  dueAll: named(
    'due_all_state_timers',
    `INSERT INTO state_timers (profile_id, due_at) SELECT id, $1 FROM profiles
     ON CONFLICT (profile_id) DO UPDATE SET due_at = LEAST(state_timers.due_at, excluded.due_at)`,
  ),
  dropOtherSegments: named(
    'drop_other_segments',
    'DELETE FROM segment_members WHERE NOT (segment = ANY($1::text[]))',
  ),
  /** $1–$3: segment, profile, entered_at (null: left). One change per row, as above. */
  updateMembers: named(
    'update_segment_members',
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
         AS t(segment, profile_id, entered_at)),
     gone AS (
       DELETE FROM segment_members s USING input i
       WHERE i.entered_at IS NULL AND s.segment = i.segment AND s.profile_id = i.profile_id)
     INSERT INTO segment_members (segment, profile_id, entered_at)
     SELECT segment, profile_id, entered_at FROM input WHERE entered_at IS NOT NULL
     ON CONFLICT (segment, profile_id) DO UPDATE SET entered_at = excluded.entered_at`,
  ),
  segmentCounts: named(
    'segment_counts',
    'SELECT segment, count(*) AS n FROM segment_members GROUP BY segment',
  ),
  membersFirst: named(
    'segment_members',
    `SELECT ${MEMBER_COLUMNS} FROM segment_members WHERE segment = $1
     ORDER BY profile_id LIMIT $2`,
  ),
  membersAfter: named(
    'segment_members_after',
    `SELECT ${MEMBER_COLUMNS} FROM segment_members WHERE segment = $1 AND profile_id > $3
     ORDER BY profile_id LIMIT $2`,
  ),
};
