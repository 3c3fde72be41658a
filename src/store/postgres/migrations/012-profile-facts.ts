import type { Migration } from '../../migration.js';

/**
 * `profile_facts`: see the SQLite migration of the same number. Here the triggers are per
 * statement, with transition tables (ingest upserts a whole group commit's profiles in one
 * statement): each document is cast to jsonb once, in the same transaction as the write.
 * `events_identify_traits` carries the identify calls' traits in the index (index-only scans
 * for a trait-rule conversion), `events_internal_rows` those of state changes and email
 * engagement with their properties.
 */
export const FACTS = (rows: string) => `SELECT id, first_seen,
    (d #>> '{state,signupAt}')::numeric::bigint,
    d #>> '{state,activation,status}',
    (d #>> '{state,activation,at}')::numeric::bigint,
    coalesce((SELECT jsonb_object_agg(m.key, m.value -> 'at') FROM jsonb_each(CASE
      jsonb_typeof(d #> '{state,milestones}') WHEN 'object' THEN d #> '{state,milestones}'
      ELSE '{}' END) m), '{}'),
    coalesce((SELECT jsonb_object_agg(s.key, s.value -> 'persona') FROM jsonb_each(CASE
      jsonb_typeof(d #> '{state,personas}') WHEN 'object' THEN d #> '{state,personas}'
      ELSE '{}' END) s), '{}'),
    d #>> '{state,lifecycle,stage}',
    d #>> '{state,engagement,stage}',
    d -> 'firstTouch',
    d #>> '{accounts,0}',
    coalesce((SELECT jsonb_object_agg(c.key, c.value -> 'first') FROM jsonb_each(CASE
      jsonb_typeof(d -> 'counters') WHEN 'object' THEN d -> 'counters' ELSE '{}' END) c), '{}')
  FROM (SELECT id, first_seen, doc::jsonb AS d FROM ${rows} WHERE user_id IS NOT NULL) p`;

export const COLUMNS = `profile_id, first_seen, signup_at, activation_status, activated_at, milestones,
  personas, lifecycle, engagement, first_touch, account_id, firsts`;

const UPSERT = (rows: string) => `INSERT INTO profile_facts AS f (${COLUMNS}) ${FACTS(rows)}
  ON CONFLICT (profile_id) DO UPDATE SET first_seen = excluded.first_seen,
    signup_at = excluded.signup_at, activation_status = excluded.activation_status,
    activated_at = excluded.activated_at, milestones = excluded.milestones,
    personas = excluded.personas, lifecycle = excluded.lifecycle,
    engagement = excluded.engagement, first_touch = excluded.first_touch,
    account_id = excluded.account_id, firsts = excluded.firsts`;

export const migration012ProfileFacts: Migration = {
  id: '012-profile-facts',
  sql: `
CREATE TABLE profile_facts (
  profile_id text COLLATE "C" PRIMARY KEY,
  first_seen bigint NOT NULL,
  signup_at bigint,
  activation_status text,
  activated_at bigint,
  milestones jsonb NOT NULL,
  personas jsonb NOT NULL,
  lifecycle text,
  engagement text,
  first_touch jsonb,
  account_id text,
  firsts jsonb NOT NULL
);

${UPSERT('profiles')};

CREATE FUNCTION profile_facts_put() RETURNS trigger LANGUAGE plpgsql
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

CREATE FUNCTION profile_facts_drop() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  DELETE FROM profile_facts f USING old_rows o WHERE f.profile_id = o.id;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER profile_facts_insert AFTER INSERT ON profiles
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION profile_facts_put();
CREATE TRIGGER profile_facts_update AFTER UPDATE ON profiles
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION profile_facts_put();
DROP INDEX events_identify;
DROP INDEX events_internal;
CREATE INDEX events_internal_rows ON events (event, "timestamp", seq)
  INCLUDE (profile_id, properties) WHERE source = 'internal';
CREATE INDEX events_identify_traits ON events (profile_id, "timestamp") INCLUDE (traits)
  WHERE type = 'identify';

CREATE TRIGGER profile_facts_delete AFTER DELETE ON profiles
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION profile_facts_drop();
`,
};
