import type { Migration } from '../../migration.js';
import { COLUMNS, FACTS } from './012-profile-facts.js';

/**
 * See the SQLite migration of the same number: there the facts are now read from the document
 * parsed once. Here each document was already cast to jsonb once; what changes is that a profile
 * whose facts did not change (most writes: a counter, a time last seen) leaves its
 * `profile_facts` row as it is instead of writing a new version of it (a dead tuple, its WAL and
 * index entries, later vacuumed).
 */
const UPSERT = (rows: string) => `INSERT INTO profile_facts AS f (${COLUMNS}) ${FACTS(rows)}
  ON CONFLICT (profile_id) DO UPDATE SET first_seen = excluded.first_seen,
    signup_at = excluded.signup_at, activation_status = excluded.activation_status,
    activated_at = excluded.activated_at, milestones = excluded.milestones,
    personas = excluded.personas, lifecycle = excluded.lifecycle,
    engagement = excluded.engagement, first_touch = excluded.first_touch,
    account_id = excluded.account_id, firsts = excluded.firsts
  WHERE (f.first_seen, f.signup_at, f.activation_status, f.activated_at, f.milestones,
      f.personas, f.lifecycle, f.engagement, f.first_touch, f.account_id, f.firsts)
    IS DISTINCT FROM (excluded.first_seen, excluded.signup_at, excluded.activation_status,
      excluded.activated_at, excluded.milestones, excluded.personas, excluded.lifecycle,
      excluded.engagement, excluded.first_touch, excluded.account_id, excluded.firsts)`;

export const migration025ProfileFactsOnce: Migration = {
  id: '025-profile-facts-once',
  sql: `
CREATE OR REPLACE FUNCTION profile_facts_put() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM profile_facts f USING old_rows o
      WHERE f.profile_id = o.id
        AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id AND n.user_id IS NOT NULL);
  END IF;
  ${UPSERT('new_rows')};
  RETURN NULL;
END
$fn$;
`,
};
