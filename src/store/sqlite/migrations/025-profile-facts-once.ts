import type { Migration } from '../../migration.js';
import { COLUMNS } from './012-profile-facts.js';

/**
 * The `profile_facts` triggers (012) read the new profile document eleven times — each
 * `json_extract` and `json_each` parsed the 2–4 KB of JSON text anew — which made a profile write
 * cost ~68 µs of CPU instead of ~12 µs without them. They now convert it once to SQLite's binary
 * JSON (`jsonb`), from which each fact is a lookup. The facts are the same (the contract test
 * `store.profile-facts` compares them with plain code over the stored documents).
 */
const FACTS = `SELECT NEW.id, NEW.first_seen,
    json_extract(d.j, '$.state.signupAt'),
    json_extract(d.j, '$.state.activation.status'),
    json_extract(d.j, '$.state.activation.at'),
    (SELECT json_group_object(m.key, json_extract(m.value, '$.at'))
       FROM json_each(d.j, '$.state.milestones') m),
    (SELECT json_group_object(s.key, json_extract(s.value, '$.persona'))
       FROM json_each(d.j, '$.state.personas') s),
    json_extract(d.j, '$.state.lifecycle.stage'),
    json_extract(d.j, '$.state.engagement.stage'),
    json_extract(d.j, '$.firstTouch'),
    json_extract(d.j, '$.accounts[0]'),
    (SELECT json_group_object(c.key, json_extract(c.value, '$.first'))
       FROM json_each(d.j, '$.counters') c)
  FROM (SELECT jsonb(NEW.doc) AS j) d`;

// As in 012: an upsert, the WHERE before ON CONFLICT. A row whose facts did not change (most
// profile writes: a counter, a time last seen) is left as it is rather than written again.
const UPSERT = (when: string) => `INSERT INTO profile_facts (${COLUMNS})
    ${FACTS} WHERE ${when}
    ON CONFLICT (profile_id) DO UPDATE SET first_seen = excluded.first_seen,
      signup_at = excluded.signup_at, activation_status = excluded.activation_status,
      activated_at = excluded.activated_at, milestones = excluded.milestones,
      personas = excluded.personas, lifecycle = excluded.lifecycle,
      engagement = excluded.engagement, first_touch = excluded.first_touch,
      account_id = excluded.account_id, firsts = excluded.firsts
    WHERE (first_seen, signup_at, activation_status, activated_at, milestones, personas, lifecycle,
        engagement, first_touch, account_id, firsts)
      IS NOT (excluded.first_seen, excluded.signup_at, excluded.activation_status,
        excluded.activated_at, excluded.milestones, excluded.personas, excluded.lifecycle,
        excluded.engagement, excluded.first_touch, excluded.account_id, excluded.firsts)`;

export const migration025ProfileFactsOnce: Migration = {
  id: '025-profile-facts-once',
  sql: `
DROP TRIGGER profile_facts_insert;
DROP TRIGGER profile_facts_update;

CREATE TRIGGER profile_facts_insert AFTER INSERT ON profiles
WHEN NEW.user_id IS NOT NULL
BEGIN
  ${UPSERT('true')};
END;

CREATE TRIGGER profile_facts_update AFTER UPDATE ON profiles
BEGIN
  DELETE FROM profile_facts WHERE profile_id = OLD.id AND (OLD.id <> NEW.id OR NEW.user_id IS NULL);
  ${UPSERT('NEW.user_id IS NOT NULL')};
END;
`,
};
