-- The schema the migrations produce. Generated, do not edit: see test/store/schema-dump.test.ts

CREATE TABLE accounts (
  id text COLLATE "C" NOT NULL,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  updated_at bigint NOT NULL,
  doc json NOT NULL
) WITH (fillfactor=80);
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

CREATE TABLE aliases (
  from_id text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL
);
ALTER TABLE aliases ADD CONSTRAINT aliases_pkey PRIMARY KEY (from_id);

CREATE TABLE cairn_migrations (
  id text COLLATE "C" NOT NULL,
  applied_at bigint NOT NULL
);
ALTER TABLE cairn_migrations ADD CONSTRAINT cairn_migrations_pkey PRIMARY KEY (id);

CREATE TABLE events (
  seq bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  message_id text COLLATE "C" NOT NULL,
  type text NOT NULL,
  event text,
  profile_id text COLLATE "C" NOT NULL,
  user_id text COLLATE "C",
  anonymous_id text COLLATE "C",
  group_id text COLLATE "C",
  previous_id text COLLATE "C",
  timestamp bigint NOT NULL,
  original_timestamp bigint,
  sent_at bigint,
  received_at bigint NOT NULL,
  properties jsonb NOT NULL,
  traits jsonb NOT NULL,
  context jsonb NOT NULL,
  source text NOT NULL
);
ALTER TABLE events ADD CONSTRAINT events_message_id_key UNIQUE (message_id);
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (seq);

CREATE TABLE memberships (
  account_id text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  joined_at bigint NOT NULL
);
ALTER TABLE memberships ADD CONSTRAINT memberships_pkey PRIMARY KEY (account_id, profile_id);

CREATE TABLE profiles (
  id text COLLATE "C" NOT NULL,
  user_id text COLLATE "C",
  email text,
  name text,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  updated_at bigint NOT NULL,
  doc json NOT NULL
) WITH (fillfactor=80);
ALTER TABLE profiles ADD CONSTRAINT profiles_pkey PRIMARY KEY (id);

CREATE TABLE segment_members (
  segment text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  entered_at bigint NOT NULL
);
ALTER TABLE segment_members ADD CONSTRAINT segment_members_pkey PRIMARY KEY (segment, profile_id);

CREATE TABLE settings (
  key text COLLATE "C" NOT NULL,
  value text NOT NULL
);
ALTER TABLE settings ADD CONSTRAINT settings_pkey PRIMARY KEY (key);

CREATE TABLE state_timers (
  profile_id text COLLATE "C" NOT NULL,
  due_at bigint NOT NULL
);
ALTER TABLE state_timers ADD CONSTRAINT state_timers_pkey PRIMARY KEY (profile_id);

CREATE INDEX aliases_profile ON aliases USING btree (profile_id);
CREATE INDEX events_profile_seq ON events USING btree (profile_id, seq);
CREATE INDEX memberships_profile ON memberships USING btree (profile_id);
CREATE INDEX segment_members_profile ON segment_members USING btree (profile_id);
CREATE INDEX state_timers_due ON state_timers USING btree (due_at, profile_id);
