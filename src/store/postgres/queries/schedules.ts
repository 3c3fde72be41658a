import { named } from '../named-query.js';

const TIMER_COLUMNS = `journey_id AS "journeyId", time_zone AS "timeZone", rule,
  fire_at AS "fireAt", after_profile AS "afterProfile"`;
/** The timers of a call: $1–$5 are column arrays (journey, zone, rule, fire_at, after). */
const TIMER_INPUT = `INSERT INTO schedule_timers (journey_id, time_zone, rule, fire_at, after_profile)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[])`;
/** A profile with no zone row has the workspace's default zone. */
const NO_ZONE = 'NOT EXISTS (SELECT 1 FROM profile_zones z WHERE z.profile_id = p.id)';

export const scheduleQueries = {
  /** $1/$2: profiles and zones to set; $3: profiles whose zone is cleared (disjoint). */
  setZones: named(
    'set_profile_zones',
    `WITH cleared AS (DELETE FROM profile_zones WHERE profile_id = ANY($3::text[]))
     INSERT INTO profile_zones (profile_id, time_zone)
     SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (profile_id) DO UPDATE SET time_zone = excluded.time_zone`,
  ),
  inZoneFirst: named(
    'profiles_in_zone',
    `SELECT profile_id AS id FROM profile_zones WHERE time_zone = $1
     ORDER BY profile_id LIMIT $2`,
  ),
  inZoneAfter: named(
    'profiles_in_zone_after',
    `SELECT profile_id AS id FROM profile_zones WHERE time_zone = $1 AND profile_id > $3
     ORDER BY profile_id LIMIT $2`,
  ),
  noZoneFirst: named(
    'profiles_without_zone',
    `SELECT id FROM profiles p WHERE ${NO_ZONE} ORDER BY id LIMIT $1`,
  ),
  noZoneAfter: named(
    'profiles_without_zone_after',
    `SELECT id FROM profiles p WHERE id > $2 AND ${NO_ZONE} ORDER BY id LIMIT $1`,
  ),
  addTimers: named(
    'add_schedule_timers',
    `${TIMER_INPUT} ON CONFLICT (journey_id, time_zone) DO NOTHING`,
  ),
  /** $6: the journeys that keep their timers. The two parts touch different rows. */
  syncTimers: named(
    'sync_schedule_timers',
    `WITH dropped AS (DELETE FROM schedule_timers WHERE NOT (journey_id = ANY($6::text[])))
     ${TIMER_INPUT}
     ON CONFLICT (journey_id, time_zone) DO UPDATE
     SET rule = excluded.rule, fire_at = excluded.fire_at
     WHERE schedule_timers.rule <> excluded.rule AND schedule_timers.after_profile IS NULL`,
  ),
  putTimers: named(
    'put_schedule_timers',
    `${TIMER_INPUT} ON CONFLICT (journey_id, time_zone) DO UPDATE
     SET rule = excluded.rule, fire_at = excluded.fire_at, after_profile = excluded.after_profile`,
  ),
  deleteTimers: named(
    'delete_schedule_timers',
    `DELETE FROM schedule_timers t USING unnest($1::text[], $2::text[]) AS k(journey_id, time_zone)
     WHERE t.journey_id = k.journey_id AND t.time_zone = k.time_zone`,
  ),
  /** Rows stay locked until the transaction ends; rows another process holds are skipped. */
  claimDue: named(
    'claim_due_schedule_timers',
    `SELECT ${TIMER_COLUMNS} FROM schedule_timers WHERE fire_at <= $1
     ORDER BY fire_at, journey_id, time_zone LIMIT $2 FOR UPDATE SKIP LOCKED`,
  ),
  nextTimer: named('next_schedule_timer', 'SELECT min(fire_at) AS next FROM schedule_timers'),
  timers: named(
    'schedule_timers',
    `SELECT ${TIMER_COLUMNS} FROM schedule_timers ORDER BY journey_id, time_zone`,
  ),
  zones: named(
    'time_zones_in_use',
    'SELECT DISTINCT time_zone AS zone FROM profile_zones ORDER BY time_zone',
  ),
};
