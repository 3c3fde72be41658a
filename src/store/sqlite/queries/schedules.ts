import type { Database } from 'better-sqlite3';
import type { ScheduleTimer } from '../../store.js';

const TIMER_COLUMNS = `journey_id AS journeyId, time_zone AS timeZone, rule, fire_at AS fireAt,
  after_profile AS afterProfile`;
const TIMER_VALUES = '(@journeyId, @timeZone, @rule, @fireAt, @afterProfile)';
const INSERT_TIMER = `INSERT INTO schedule_timers (journey_id, time_zone, rule, fire_at, after_profile)
  VALUES ${TIMER_VALUES}`;
/** A profile with no zone row has the workspace's default zone. */
const NO_ZONE = 'NOT EXISTS (SELECT 1 FROM profile_zones z WHERE z.profile_id = p.id)';

export function prepareScheduleWrites(db: Database) {
  return {
    setZone: db.prepare<[string, string]>(
      `INSERT INTO profile_zones (profile_id, time_zone) VALUES (?, ?)
       ON CONFLICT (profile_id) DO UPDATE SET time_zone = excluded.time_zone`,
    ),
    clearZone: db.prepare<[string]>('DELETE FROM profile_zones WHERE profile_id = ?'),
    inZoneFirst: db.prepare<{ zone: string; limit: number }, { id: string }>(
      `SELECT profile_id AS id FROM profile_zones WHERE time_zone = @zone
       ORDER BY profile_id LIMIT @limit`,
    ),
    inZoneAfter: db.prepare<{ zone: string; after: string; limit: number }, { id: string }>(
      `SELECT profile_id AS id FROM profile_zones WHERE time_zone = @zone AND profile_id > @after
       ORDER BY profile_id LIMIT @limit`,
    ),
    noZoneFirst: db.prepare<{ limit: number }, { id: string }>(
      `SELECT id FROM profiles p WHERE ${NO_ZONE} ORDER BY id LIMIT @limit`,
    ),
    noZoneAfter: db.prepare<{ after: string; limit: number }, { id: string }>(
      `SELECT id FROM profiles p WHERE id > @after AND ${NO_ZONE} ORDER BY id LIMIT @limit`,
    ),
    addTimer: db.prepare<ScheduleTimer>(
      `${INSERT_TIMER} ON CONFLICT (journey_id, time_zone) DO NOTHING`,
    ),
    syncTimer: db.prepare<ScheduleTimer>(
      `${INSERT_TIMER} ON CONFLICT (journey_id, time_zone) DO UPDATE
       SET rule = excluded.rule, fire_at = excluded.fire_at
       WHERE schedule_timers.rule <> excluded.rule AND schedule_timers.after_profile IS NULL`,
    ),
    putTimer: db.prepare<ScheduleTimer>(
      `${INSERT_TIMER} ON CONFLICT (journey_id, time_zone) DO UPDATE
       SET rule = excluded.rule, fire_at = excluded.fire_at,
         after_profile = excluded.after_profile`,
    ),
    deleteTimer: db.prepare<[string, string]>(
      'DELETE FROM schedule_timers WHERE journey_id = ? AND time_zone = ?',
    ),
    /** The journeys that keep their timers, as a JSON array. */
    dropOtherJourneys: db.prepare<[string]>(
      'DELETE FROM schedule_timers WHERE journey_id NOT IN (SELECT value FROM json_each(?))',
    ),
    // No row locks needed: this transaction holds the database's only write lock.
    claimDue: db.prepare<[number, number], ScheduleTimer>(
      `SELECT ${TIMER_COLUMNS} FROM schedule_timers WHERE fire_at <= ?
       ORDER BY fire_at, journey_id, time_zone LIMIT ?`,
    ),
  };
}

export function prepareScheduleReads(db: Database) {
  return {
    nextTimer: db.prepare<[], { next: number | null }>(
      'SELECT min(fire_at) AS next FROM schedule_timers',
    ),
    timers: db.prepare<[], ScheduleTimer>(
      `SELECT ${TIMER_COLUMNS} FROM schedule_timers ORDER BY journey_id, time_zone`,
    ),
    zones: db.prepare<[], { zone: string }>(
      'SELECT DISTINCT time_zone AS zone FROM profile_zones ORDER BY time_zone',
    ),
  };
}

export type ScheduleWriteStatements = ReturnType<typeof prepareScheduleWrites>;
