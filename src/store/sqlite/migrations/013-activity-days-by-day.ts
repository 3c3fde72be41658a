import type { Migration } from '../../migration.js';

/**
 * Analytics reads one period of `activity_days` (adoption: a week and the week before;
 * retention and signals: a range of days). Its key starts with the profile, so such a read
 * scanned the whole table; this index starts with the day and holds the rest of the row's key,
 * so a period's rows are read alone. Ingest's upserts only change `n`, which it does not hold.
 */
export const migration013ActivityDaysByDay: Migration = {
  id: '013-activity-days-by-day',
  sql: `CREATE INDEX activity_days_by_day ON activity_days (day, profile_id, name);`,
};
