import type { Database } from 'better-sqlite3';
import type { SegmentMember } from '../../store.js';

const MEMBER_COLUMNS = 'profile_id AS profileId, entered_at AS enteredAt';

export function prepareStateWrites(db: Database) {
  return {
    setTimer: db.prepare<[string, number]>(
      `INSERT INTO state_timers (profile_id, due_at) VALUES (?, ?)
       ON CONFLICT (profile_id) DO UPDATE SET due_at = excluded.due_at`,
    ),
    clearTimer: db.prepare<[string]>('DELETE FROM state_timers WHERE profile_id = ?'),
    // No row locks needed: this transaction holds the database's only write lock.
    claimDue: db.prepare<[number, number], { profileId: string }>(
      `SELECT profile_id AS profileId FROM state_timers WHERE due_at <= ?
       ORDER BY due_at, profile_id LIMIT ?`,
    ),
    enterSegment: db.prepare<[string, string, number]>(
      `INSERT INTO segment_members (segment, profile_id, entered_at) VALUES (?, ?, ?)
       ON CONFLICT (segment, profile_id) DO UPDATE SET entered_at = excluded.entered_at`,
    ),
    leaveSegment: db.prepare<[string, string]>(
      'DELETE FROM segment_members WHERE segment = ? AND profile_id = ?',
    ),
    dropProfileSegments: db.prepare<[string]>('DELETE FROM segment_members WHERE profile_id = ?'),
    dueAll: db.prepare<[number]>(
      `INSERT INTO state_timers (profile_id, due_at) SELECT id, ? FROM profiles WHERE true
       ON CONFLICT (profile_id) DO UPDATE SET due_at = min(due_at, excluded.due_at)`,
    ),
    /** The segments that still exist, as a JSON array. */
    dropOtherSegments: db.prepare<[string]>(
      'DELETE FROM segment_members WHERE segment NOT IN (SELECT value FROM json_each(?))',
    ),
  };
}

export function prepareStateReads(db: Database) {
  return {
    nextTimer: db.prepare<[], { next: number | null }>(
      'SELECT min(due_at) AS next FROM state_timers',
    ),
    segmentCounts: db.prepare<[], { segment: string; n: number }>(
      'SELECT segment, count(*) AS n FROM segment_members GROUP BY segment',
    ),
    membersFirst: db.prepare<{ segment: string; limit: number }, SegmentMember>(
      `SELECT ${MEMBER_COLUMNS} FROM segment_members WHERE segment = @segment
       ORDER BY profile_id LIMIT @limit`,
    ),
    membersAfter: db.prepare<{ segment: string; after: string; limit: number }, SegmentMember>(
      `SELECT ${MEMBER_COLUMNS} FROM segment_members WHERE segment = @segment
       AND profile_id > @after ORDER BY profile_id LIMIT @limit`,
    ),
  };
}
