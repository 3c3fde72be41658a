import type { Migration } from '../../migration.js';

/**
 * Ids use the "C" collation: they are opaque identifiers, so byte order is the right order (the
 * same order SQLite gives, so paging behaves alike on both adapters), comparisons are plain
 * memcmp, and a prefix LIKE can use the index.
 */
export const migration001Init: Migration = {
  id: '001-init',
  sql: `
CREATE TABLE events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id text COLLATE "C" NOT NULL UNIQUE,
  type text NOT NULL,
  event text,
  profile_id text COLLATE "C" NOT NULL,
  user_id text COLLATE "C",
  anonymous_id text COLLATE "C",
  group_id text COLLATE "C",
  previous_id text COLLATE "C",
  "timestamp" bigint NOT NULL,
  original_timestamp bigint,
  sent_at bigint,
  received_at bigint NOT NULL,
  properties jsonb NOT NULL,
  traits jsonb NOT NULL,
  context jsonb NOT NULL,
  source text NOT NULL
);

CREATE INDEX events_profile_seq ON events (profile_id, seq);

-- Profiles and accounts are rewritten on every event that touches them. Leaving a fifth of each
-- page free lets PostgreSQL put the new row version on the same page (a HOT update: no index
-- entry to add, less to vacuum), which is most of the cost of a busy profile.
-- Their doc is json, not jsonb: it is always written and read whole, never searched in SQL
-- (what search needs is in columns), and json keeps the text as sent, which makes the upsert
-- of a batch of profiles markedly cheaper than converting every document to jsonb. The ->
-- operators still work on json for an ad-hoc query.
CREATE TABLE profiles (
  id text COLLATE "C" PRIMARY KEY,
  user_id text COLLATE "C",
  email text,
  name text,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  updated_at bigint NOT NULL,
  doc json NOT NULL
) WITH (fillfactor = 80);

CREATE TABLE accounts (
  id text COLLATE "C" PRIMARY KEY,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  updated_at bigint NOT NULL,
  doc json NOT NULL
) WITH (fillfactor = 80);

CREATE TABLE memberships (
  account_id text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  joined_at bigint NOT NULL,
  PRIMARY KEY (account_id, profile_id)
);

CREATE INDEX memberships_profile ON memberships (profile_id);

CREATE TABLE aliases (
  from_id text COLLATE "C" PRIMARY KEY,
  profile_id text COLLATE "C" NOT NULL
);

CREATE INDEX aliases_profile ON aliases (profile_id);

CREATE TABLE settings (
  key text COLLATE "C" PRIMARY KEY,
  value text NOT NULL
);
`,
};
