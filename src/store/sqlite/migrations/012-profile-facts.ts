import type { Migration } from '../../migration.js';

/**
 * `profile_facts`: what analytics reads of each identified profile (src/store/analytics-store.ts
 * `analyticsUsers`), one narrow row per profile: signup, activation, milestone times, current
 * personas, stages, first touch, first account, and each event name's first time (the signup
 * and conversion events are named in cairn.yaml). Analytics read this instead of every profile
 * document (~1.5 KB of JSON each, parsed per query). It is kept exact by triggers in the same
 * transaction as each profile write: an insert or update rewrites the row from the new document,
 * a profile that is not (or no longer) identified has none, a delete takes it away.
 *
 * `events_identify_traits` replaces `events_identify` (011): the identify calls with their
 * traits in the index itself, so a trait-rule conversion (`traitFirstMatch`) reads a compact
 * index in profile order instead of fetching each identify call's row from the event log.
 * Likewise `events_internal_rows` replaces `events_internal`: state changes and email engagement
 * with their properties, for the lifecycle counts and message metrics.
 */
const FACTS = (r: string) => `SELECT ${r}.id, ${r}.first_seen,
    json_extract(${r}.doc, '$.state.signupAt'),
    json_extract(${r}.doc, '$.state.activation.status'),
    json_extract(${r}.doc, '$.state.activation.at'),
    (SELECT json_group_object(m.key, json_extract(m.value, '$.at'))
       FROM json_each(${r}.doc, '$.state.milestones') m),
    (SELECT json_group_object(s.key, json_extract(s.value, '$.persona'))
       FROM json_each(${r}.doc, '$.state.personas') s),
    json_extract(${r}.doc, '$.state.lifecycle.stage'),
    json_extract(${r}.doc, '$.state.engagement.stage'),
    json_extract(${r}.doc, '$.firstTouch'),
    json_extract(${r}.doc, '$.accounts[0]'),
    (SELECT json_group_object(c.key, json_extract(c.value, '$.first'))
       FROM json_each(${r}.doc, '$.counters') c)`;

export const COLUMNS = `profile_id, first_seen, signup_at, activation_status, activated_at, milestones,
  personas, lifecycle, engagement, first_touch, account_id, firsts`;

// An upsert, not INSERT OR REPLACE: a trigger's own conflict clause yields to the outer
// statement's, and the profile write is itself an upsert. (WHERE before ON CONFLICT: SQLite's
// parser needs one after a SELECT.)
const UPSERT = (r: string, when: string) => `INSERT INTO profile_facts (${COLUMNS})
    ${FACTS(r)} WHERE ${when}
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
  profile_id TEXT PRIMARY KEY,
  first_seen INTEGER NOT NULL,
  signup_at INTEGER,
  activation_status TEXT,
  activated_at INTEGER,
  milestones TEXT NOT NULL,
  personas TEXT NOT NULL,
  lifecycle TEXT,
  engagement TEXT,
  first_touch TEXT,
  account_id TEXT,
  firsts TEXT NOT NULL
) STRICT;

INSERT INTO profile_facts (${COLUMNS})
  ${FACTS('p')} FROM profiles p WHERE p.user_id IS NOT NULL;

CREATE TRIGGER profile_facts_insert AFTER INSERT ON profiles
WHEN NEW.user_id IS NOT NULL
BEGIN
  ${UPSERT('NEW', 'true')};
END;

CREATE TRIGGER profile_facts_update AFTER UPDATE ON profiles
BEGIN
  DELETE FROM profile_facts WHERE profile_id = OLD.id AND (OLD.id <> NEW.id OR NEW.user_id IS NULL);
  ${UPSERT('NEW', 'NEW.user_id IS NOT NULL')};
END;

DROP INDEX events_identify;
DROP INDEX events_internal;
CREATE INDEX events_internal_rows ON events (event, timestamp, seq, profile_id, properties)
  WHERE source = 'internal';
CREATE INDEX events_identify_traits ON events (profile_id, timestamp, traits) WHERE type = 'identify';

CREATE TRIGGER profile_facts_delete AFTER DELETE ON profiles
BEGIN
  DELETE FROM profile_facts WHERE profile_id = OLD.id;
END;
`,
};
