-- The schema the migrations produce. Generated, do not edit: see test/store/schema-dump.test.ts

CREATE TABLE accounts (
  id text COLLATE "C" NOT NULL,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  updated_at bigint NOT NULL,
  doc json NOT NULL
) WITH (fillfactor=80);
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

CREATE TABLE active_days (
  profile_id text COLLATE "C" NOT NULL,
  day integer NOT NULL,
  lo text COLLATE "C" NOT NULL,
  hi text COLLATE "C" NOT NULL
);
ALTER TABLE active_days ADD CONSTRAINT active_days_pkey PRIMARY KEY (profile_id, day);

CREATE TABLE activity_days (
  profile_id text COLLATE "C" NOT NULL,
  day integer NOT NULL,
  name text NOT NULL,
  n bigint NOT NULL
);
ALTER TABLE activity_days ADD CONSTRAINT activity_days_pkey PRIMARY KEY (profile_id, day, name);

CREATE TABLE aliases (
  from_id text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL
);
ALTER TABLE aliases ADD CONSTRAINT aliases_pkey PRIMARY KEY (from_id);

CREATE TABLE audit_log (
  id bigint DEFAULT nextval('audit_log_id_seq'::regclass) NOT NULL,
  at bigint NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  status integer NOT NULL
);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

CREATE TABLE cairn_migrations (
  id text COLLATE "C" NOT NULL,
  applied_at bigint NOT NULL
);
ALTER TABLE cairn_migrations ADD CONSTRAINT cairn_migrations_pkey PRIMARY KEY (id);

CREATE TABLE consents (
  profile_id text COLLATE "C" NOT NULL,
  unsubscribed_all boolean NOT NULL,
  updated_at bigint NOT NULL,
  doc json NOT NULL
);
ALTER TABLE consents ADD CONSTRAINT consents_pkey PRIMARY KEY (profile_id);

CREATE TABLE dead_letters (
  id text COLLATE "C" NOT NULL,
  message_id text COLLATE "C" NOT NULL,
  at bigint NOT NULL,
  error text NOT NULL,
  event text NOT NULL
);
ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_pkey PRIMARY KEY (id);

CREATE TABLE early_hours (
  profile_id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  hour integer NOT NULL,
  n bigint NOT NULL
);
ALTER TABLE early_hours ADD CONSTRAINT early_hours_pkey PRIMARY KEY (profile_id, name, hour);

CREATE TABLE erasures (
  id text COLLATE "C" NOT NULL,
  erased_at bigint NOT NULL,
  subject_hash text NOT NULL,
  actor text NOT NULL,
  doc json NOT NULL
);
ALTER TABLE erasures ADD CONSTRAINT erasures_pkey PRIMARY KEY (id);

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

CREATE TABLE journey_runs (
  id text COLLATE "C" NOT NULL,
  journey_id text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  status text NOT NULL,
  held_out boolean NOT NULL,
  version text NOT NULL,
  entered_at bigint NOT NULL,
  wake_at bigint,
  goal_deadline bigint,
  ended_at bigint,
  converted_at bigint,
  doc json NOT NULL
);
ALTER TABLE journey_runs ADD CONSTRAINT journey_runs_pkey PRIMARY KEY (id);

CREATE TABLE journey_step_counts (
  journey_id text COLLATE "C" NOT NULL,
  step_id text COLLATE "C" NOT NULL,
  reached bigint NOT NULL
);
ALTER TABLE journey_step_counts ADD CONSTRAINT journey_step_counts_pkey PRIMARY KEY (journey_id, step_id);

CREATE TABLE journey_versions (
  journey_id text COLLATE "C" NOT NULL,
  version text COLLATE "C" NOT NULL,
  definition json NOT NULL,
  created_at bigint NOT NULL
);
ALTER TABLE journey_versions ADD CONSTRAINT journey_versions_pkey PRIMARY KEY (journey_id, version);

CREATE TABLE memberships (
  account_id text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  joined_at bigint NOT NULL
);
ALTER TABLE memberships ADD CONSTRAINT memberships_pkey PRIMARY KEY (account_id, profile_id);

CREATE TABLE message_copies (
  message_id text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  sent_at bigint NOT NULL,
  html bytea NOT NULL,
  dictionary text COLLATE "C"
);
ALTER TABLE message_copies ADD CONSTRAINT message_copies_pkey PRIMARY KEY (message_id);

CREATE TABLE message_copy_dictionaries (
  id text COLLATE "C" NOT NULL,
  body bytea NOT NULL,
  used_at bigint NOT NULL
);
ALTER TABLE message_copy_dictionaries ADD CONSTRAINT message_copy_dictionaries_pkey PRIMARY KEY (id);

CREATE TABLE messages (
  id text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  journey_id text COLLATE "C",
  run_id text COLLATE "C",
  step_id text COLLATE "C",
  channel text NOT NULL,
  template text NOT NULL,
  topic text,
  transactional boolean NOT NULL,
  priority text NOT NULL,
  state text NOT NULL,
  reason text,
  attempts integer NOT NULL,
  provider_id text,
  due_at bigint,
  lease_until bigint,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  sent_at bigint,
  payload json NOT NULL,
  read_at bigint,
  dismissed_at bigint
);
ALTER TABLE messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id);

CREATE TABLE profile_facts (
  profile_id text COLLATE "C" NOT NULL,
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
ALTER TABLE profile_facts ADD CONSTRAINT profile_facts_pkey PRIMARY KEY (profile_id);

CREATE TABLE profile_zones (
  profile_id text COLLATE "C" NOT NULL,
  time_zone text COLLATE "C" NOT NULL
);
ALTER TABLE profile_zones ADD CONSTRAINT profile_zones_pkey PRIMARY KEY (profile_id);

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

CREATE TABLE schedule_timers (
  journey_id text COLLATE "C" NOT NULL,
  time_zone text COLLATE "C" NOT NULL,
  rule text NOT NULL,
  fire_at bigint NOT NULL,
  after_profile text COLLATE "C"
);
ALTER TABLE schedule_timers ADD CONSTRAINT schedule_timers_pkey PRIMARY KEY (journey_id, time_zone);

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

CREATE TABLE stage_changes (
  kind text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  at bigint NOT NULL,
  seq bigint NOT NULL,
  from text,
  to text,
  was text
);
ALTER TABLE stage_changes ADD CONSTRAINT stage_changes_pkey PRIMARY KEY (kind, profile_id, at, seq);

CREATE TABLE state_timers (
  profile_id text COLLATE "C" NOT NULL,
  due_at bigint NOT NULL
);
ALTER TABLE state_timers ADD CONSTRAINT state_timers_pkey PRIMARY KEY (profile_id);

CREATE TABLE suppressed_addresses (
  address_hash text COLLATE "C" NOT NULL,
  reason text NOT NULL,
  created_at bigint NOT NULL
);
ALTER TABLE suppressed_addresses ADD CONSTRAINT suppressed_addresses_pkey PRIMARY KEY (address_hash);

CREATE TABLE team_members (
  email text NOT NULL,
  role text NOT NULL,
  password_hash text NOT NULL,
  created_at bigint NOT NULL
);
ALTER TABLE team_members ADD CONSTRAINT team_members_pkey PRIMARY KEY (email);
ALTER TABLE team_members ADD CONSTRAINT team_members_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'viewer'::text])));

CREATE TABLE team_sessions (
  token_hash text NOT NULL,
  email text NOT NULL,
  csrf_token text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
ALTER TABLE team_sessions ADD CONSTRAINT team_sessions_email_fkey FOREIGN KEY (email) REFERENCES team_members(email) ON DELETE CASCADE;
ALTER TABLE team_sessions ADD CONSTRAINT team_sessions_pkey PRIMARY KEY (token_hash);

CREATE INDEX activity_days_by_day ON activity_days USING btree (day, profile_id, name);
CREATE INDEX aliases_profile ON aliases USING btree (profile_id);
CREATE INDEX dead_letters_at ON dead_letters USING btree (at, id);
CREATE INDEX erasures_time ON erasures USING btree (erased_at, id);
CREATE INDEX events_activity ON events USING btree (profile_id, "timestamp", seq) INCLUDE (type, event) WHERE ((source <> 'internal'::text) AND ((type = ANY (ARRAY['page'::text, 'screen'::text])) OR ((type = 'track'::text) AND (event IS NOT NULL))));
CREATE INDEX events_engagement ON events USING btree (event, ((properties ->> 'message'::text))) WHERE ((source = 'internal'::text) AND (jsonb_typeof((properties -> 'message'::text)) = 'string'::text));
CREATE INDEX events_identify_traits ON events USING btree (profile_id, "timestamp") INCLUDE (traits) WHERE (type = 'identify'::text);
CREATE INDEX events_profile_seq ON events USING btree (profile_id, seq);
CREATE INDEX events_timestamp ON events USING btree ("timestamp");
CREATE INDEX journey_runs_active ON journey_runs USING btree (journey_id) WHERE (status = 'active'::text);
CREATE INDEX journey_runs_entered ON journey_runs USING btree (entered_at, id);
CREATE INDEX journey_runs_entrants ON journey_runs USING btree (journey_id, profile_id, entered_at, id, held_out, converted_at, goal_deadline);
CREATE INDEX journey_runs_journey ON journey_runs USING btree (journey_id, entered_at, id);
CREATE INDEX journey_runs_profile ON journey_runs USING btree (profile_id, journey_id);
CREATE INDEX journey_runs_totals ON journey_runs USING btree (journey_id, held_out, status, converted_at);
CREATE INDEX journey_runs_wake ON journey_runs USING btree (wake_at, id) WHERE (wake_at IS NOT NULL);
CREATE INDEX memberships_profile ON memberships USING btree (profile_id);
CREATE INDEX message_copies_profile ON message_copies USING btree (profile_id);
CREATE INDEX message_copies_sent ON message_copies USING btree (sent_at);
CREATE INDEX messages_created ON messages USING btree (created_at, id);
CREATE INDEX messages_due ON messages USING btree (due_at, id) WHERE (state = ANY (ARRAY['queued'::text, 'deferred'::text, 'retrying'::text]));
CREATE INDEX messages_inbox ON messages USING btree (profile_id, sent_at, id) WHERE ((channel = 'inapp'::text) AND (state = 'sent'::text));
CREATE INDEX messages_journey ON messages USING btree (journey_id, created_at, id) WHERE (journey_id IS NOT NULL);
CREATE INDEX messages_profile ON messages USING btree (profile_id, created_at, id);
CREATE INDEX messages_provider ON messages USING btree (provider_id, created_at) WHERE (provider_id IS NOT NULL);
CREATE INDEX messages_sent ON messages USING btree (profile_id, sent_at) WHERE (state = 'sent'::text);
CREATE INDEX messages_state ON messages USING btree (state, created_at, id);
CREATE INDEX profile_zones_zone ON profile_zones USING btree (time_zone, profile_id);
CREATE INDEX schedule_timers_due ON schedule_timers USING btree (fire_at, journey_id, time_zone);
CREATE INDEX segment_members_profile ON segment_members USING btree (profile_id);
CREATE INDEX state_timers_due ON state_timers USING btree (due_at, profile_id);
CREATE INDEX team_sessions_expiry ON team_sessions USING btree (expires_at);

CREATE OR REPLACE FUNCTION active_days_add()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  INSERT INTO active_days AS a (profile_id, day, lo, hi) SELECT profile_id, day, min(name COLLATE "C") AS lo, max(name COLLATE "C") AS hi FROM new_rows
     WHERE NOT (name LIKE 'Viewed % Page'
    OR name LIKE 'Viewed % Screen' OR name IN ('Loaded a Page', 'Loaded a Screen')
    OR name IN ('Logged In', 'Logged Out', 'Signed In', 'Signed Out', 'Login', 'Logout', 'Session Started', 'Application Opened', 'Application Backgrounded')) GROUP BY profile_id, day
  ON CONFLICT (profile_id, day)
    DO UPDATE SET lo = least(a.lo, excluded.lo), hi = greatest(a.hi, excluded.hi);
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION active_days_recount()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  DELETE FROM active_days a USING (SELECT DISTINCT profile_id, day FROM old_rows WHERE NOT (name LIKE 'Viewed % Page'
    OR name LIKE 'Viewed % Screen' OR name IN ('Loaded a Page', 'Loaded a Screen')
    OR name IN ('Logged In', 'Logged Out', 'Signed In', 'Signed Out', 'Login', 'Logout', 'Session Started', 'Application Opened', 'Application Backgrounded'))) t
    WHERE a.profile_id = t.profile_id AND a.day = t.day;
  INSERT INTO active_days (profile_id, day, lo, hi)
    SELECT d.profile_id, d.day, min(d.name COLLATE "C"), max(d.name COLLATE "C")
    FROM activity_days d JOIN (SELECT DISTINCT profile_id, day FROM old_rows WHERE NOT (name LIKE 'Viewed % Page'
    OR name LIKE 'Viewed % Screen' OR name IN ('Loaded a Page', 'Loaded a Screen')
    OR name IN ('Logged In', 'Logged Out', 'Signed In', 'Signed Out', 'Login', 'Logout', 'Session Started', 'Application Opened', 'Application Backgrounded'))) t ON t.profile_id = d.profile_id AND t.day = d.day
    WHERE NOT (d.name LIKE 'Viewed % Page'
    OR d.name LIKE 'Viewed % Screen' OR d.name IN ('Loaded a Page', 'Loaded a Screen')
    OR d.name IN ('Logged In', 'Logged Out', 'Signed In', 'Signed Out', 'Login', 'Logout', 'Session Started', 'Application Opened', 'Application Backgrounded')) GROUP BY d.profile_id, d.day;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION activity_days_add()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  INSERT INTO activity_days AS a (profile_id, day, name, n) SELECT profile_id, ("timestamp" - (("timestamp" % 86400000) + 86400000) % 86400000) / 86400000 AS day, CASE type
      WHEN 'track' THEN event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(event, '') || ' Screen', 'Loaded a Screen') END AS name, count(*) AS n
     FROM new_rows WHERE source <> 'internal' AND (type IN ('page', 'screen') OR (type = 'track' AND event IS NOT NULL)) GROUP BY 1, 2, 3
  ON CONFLICT (profile_id, day, name) DO UPDATE SET n = a.n + excluded.n;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION activity_days_move()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE activity_days a SET n = a.n - o.n FROM (SELECT profile_id, ("timestamp" - (("timestamp" % 86400000) + 86400000) % 86400000) / 86400000 AS day, CASE type
      WHEN 'track' THEN event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(event, '') || ' Screen', 'Loaded a Screen') END AS name, count(*) AS n
     FROM old_rows WHERE source <> 'internal' AND (type IN ('page', 'screen') OR (type = 'track' AND event IS NOT NULL)) GROUP BY 1, 2, 3) o
      WHERE a.profile_id = o.profile_id AND a.day = o.day AND a.name = o.name;
    DELETE FROM activity_days a USING (SELECT profile_id, ("timestamp" - (("timestamp" % 86400000) + 86400000) % 86400000) / 86400000 AS day, CASE type
      WHEN 'track' THEN event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(event, '') || ' Screen', 'Loaded a Screen') END AS name, count(*) AS n
     FROM old_rows WHERE source <> 'internal' AND (type IN ('page', 'screen') OR (type = 'track' AND event IS NOT NULL)) GROUP BY 1, 2, 3) o
      WHERE a.profile_id = o.profile_id AND a.day = o.day AND a.name = o.name AND a.n <= 0;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO activity_days AS a (profile_id, day, name, n) SELECT profile_id, ("timestamp" - (("timestamp" % 86400000) + 86400000) % 86400000) / 86400000 AS day, CASE type
      WHEN 'track' THEN event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(event, '') || ' Screen', 'Loaded a Screen') END AS name, count(*) AS n
     FROM new_rows WHERE source <> 'internal' AND (type IN ('page', 'screen') OR (type = 'track' AND event IS NOT NULL)) GROUP BY 1, 2, 3
    ON CONFLICT (profile_id, day, name) DO UPDATE SET n = a.n + excluded.n;
  END IF;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION early_hours_add()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  INSERT INTO early_hours AS h (profile_id, name, hour, n)
    SELECT e.profile_id, CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END AS name,
      greatest(0, (e."timestamp" - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000)::int AS hour,
      count(*) AS n
    FROM new_rows e JOIN profile_facts f ON f.profile_id = e.profile_id
    WHERE e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL)) AND e."timestamp" <= coalesce(f.signup_at, f.first_seen) + 1209600000
    GROUP BY 1, 2, 3
    ON CONFLICT (profile_id, name, hour) DO UPDATE SET n = h.n + excluded.n;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION early_hours_move()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  UPDATE early_hours h SET n = h.n - o.n FROM (SELECT e.profile_id, CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END AS name,
      greatest(0, (e."timestamp" - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000)::int AS hour,
      count(*) AS n
    FROM old_rows e JOIN profile_facts f ON f.profile_id = e.profile_id
    WHERE e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL)) AND e."timestamp" <= coalesce(f.signup_at, f.first_seen) + 1209600000
    GROUP BY 1, 2, 3) o
    WHERE h.profile_id = o.profile_id AND h.name = o.name AND h.hour = o.hour;
  DELETE FROM early_hours h USING (SELECT e.profile_id, CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END AS name,
      greatest(0, (e."timestamp" - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000)::int AS hour,
      count(*) AS n
    FROM old_rows e JOIN profile_facts f ON f.profile_id = e.profile_id
    WHERE e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL)) AND e."timestamp" <= coalesce(f.signup_at, f.first_seen) + 1209600000
    GROUP BY 1, 2, 3) o
    WHERE h.profile_id = o.profile_id AND h.name = o.name AND h.hour = o.hour AND h.n <= 0;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO early_hours AS h (profile_id, name, hour, n)
    SELECT e.profile_id, CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END AS name,
      greatest(0, (e."timestamp" - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000)::int AS hour,
      count(*) AS n
    FROM new_rows e JOIN profile_facts f ON f.profile_id = e.profile_id
    WHERE e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL)) AND e."timestamp" <= coalesce(f.signup_at, f.first_seen) + 1209600000
    GROUP BY 1, 2, 3
    ON CONFLICT (profile_id, name, hour) DO UPDATE SET n = h.n + excluded.n;
  END IF;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION early_hours_recount()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
DECLARE
  ids text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(profile_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(profile_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT id) INTO ids FROM (
      (SELECT profile_id AS id, coalesce(o.signup_at, o.first_seen) AS s FROM old_rows o
       EXCEPT SELECT profile_id, coalesce(n.signup_at, n.first_seen) FROM new_rows n)
      UNION ALL
      (SELECT profile_id, coalesce(n.signup_at, n.first_seen) FROM new_rows n
       EXCEPT SELECT profile_id, coalesce(o.signup_at, o.first_seen) FROM old_rows o)) x;
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  DELETE FROM early_hours WHERE profile_id = ANY(ids);
  INSERT INTO early_hours AS h (profile_id, name, hour, n)
    SELECT e.profile_id, CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END AS name,
      greatest(0, (e."timestamp" - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000)::int AS hour,
      count(*) AS n
    FROM events e JOIN (SELECT * FROM profile_facts WHERE profile_id = ANY(ids)) f ON f.profile_id = e.profile_id
    WHERE e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL)) AND e."timestamp" <= coalesce(f.signup_at, f.first_seen) + 1209600000
    GROUP BY 1, 2, 3
    ON CONFLICT (profile_id, name, hour) DO UPDATE SET n = h.n + excluded.n;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION journey_step_counts_add()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  INSERT INTO journey_step_counts AS c (journey_id, step_id, reached)
    SELECT journey_id, step_id, count(*) AS n FROM (SELECT DISTINCT r.id, r.journey_id, CASE json_typeof(h) WHEN 'array' THEN h ->> 1
       ELSE h ->> 'stepId' END AS step_id
     FROM new_rows r, json_array_elements(r.doc -> 'history') h) t
     WHERE step_id IS NOT NULL GROUP BY 1, 2
  ON CONFLICT (journey_id, step_id) DO UPDATE SET reached = c.reached + excluded.reached;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION journey_step_counts_move()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE journey_step_counts c SET reached = c.reached - o.n
      FROM (SELECT journey_id, step_id, count(*) AS n FROM (SELECT DISTINCT r.id, r.journey_id, CASE json_typeof(h) WHEN 'array' THEN h ->> 1
       ELSE h ->> 'stepId' END AS step_id
     FROM old_rows r, json_array_elements(r.doc -> 'history') h) t
        WHERE step_id IS NOT NULL GROUP BY 1, 2) o
      WHERE c.journey_id = o.journey_id AND c.step_id = o.step_id;
  ELSE
    INSERT INTO journey_step_counts AS c (journey_id, step_id, reached)
      SELECT journey_id, step_id, sum(delta) FROM (
        SELECT journey_id, step_id, -1 AS delta FROM (SELECT DISTINCT r.id, r.journey_id, CASE json_typeof(h) WHEN 'array' THEN h ->> 1
       ELSE h ->> 'stepId' END AS step_id
     FROM old_rows r, json_array_elements(r.doc -> 'history') h) o
        UNION ALL SELECT journey_id, step_id, 1 FROM (SELECT DISTINCT r.id, r.journey_id, CASE json_typeof(h) WHEN 'array' THEN h ->> 1
       ELSE h ->> 'stepId' END AS step_id
     FROM new_rows r, json_array_elements(r.doc -> 'history') h) n) d
      WHERE step_id IS NOT NULL GROUP BY 1, 2 HAVING sum(delta) <> 0
    ON CONFLICT (journey_id, step_id) DO UPDATE SET reached = c.reached + excluded.reached;
  END IF;
  DELETE FROM journey_step_counts WHERE reached <= 0;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION profile_facts_drop()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  DELETE FROM profile_facts f USING old_rows o WHERE f.profile_id = o.id;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION stage_changes_put()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM stage_changes s USING old_rows o
      WHERE o.source = 'internal' AND o.event = 'Stage Changed'
        AND s.kind = o.properties ->> 'kind' AND s.profile_id = o.profile_id
        AND s.at = o."timestamp" AND s.seq = o.seq;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO stage_changes (kind, profile_id, at, seq, "from", "to") SELECT properties ->> 'kind', profile_id, "timestamp", seq,
    properties ->> 'from', properties ->> 'to' FROM new_rows WHERE source = 'internal' AND event = 'Stage Changed'
    AND jsonb_typeof(properties -> 'kind') = 'string';
  END IF;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION stage_changes_was_add()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  UPDATE stage_changes s SET was = w.was
    FROM (SELECT c.kind, c.profile_id, c.at, c.seq,
            lag(c."to") OVER (PARTITION BY c.kind, c.profile_id ORDER BY c.at, c.seq) AS was
          FROM stage_changes c
          WHERE (c.kind, c.profile_id) IN (SELECT DISTINCT kind, profile_id FROM new_rows)) w
    WHERE s.kind = w.kind AND s.profile_id = w.profile_id AND s.at = w.at AND s.seq = w.seq
      AND s.was IS DISTINCT FROM w.was;
  RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION stage_changes_was_drop()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path FROM CURRENT
AS $function$
BEGIN
  UPDATE stage_changes s SET was = w.was
    FROM (SELECT c.kind, c.profile_id, c.at, c.seq,
            lag(c."to") OVER (PARTITION BY c.kind, c.profile_id ORDER BY c.at, c.seq) AS was
          FROM stage_changes c
          WHERE (c.kind, c.profile_id) IN (SELECT DISTINCT kind, profile_id FROM old_rows)) w
    WHERE s.kind = w.kind AND s.profile_id = w.profile_id AND s.at = w.at AND s.seq = w.seq
      AND s.was IS DISTINCT FROM w.was;
  RETURN NULL;
END
$function$;

CREATE TRIGGER active_days_delete AFTER DELETE ON activity_days REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION active_days_recount();

CREATE TRIGGER active_days_insert AFTER INSERT ON activity_days REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION active_days_add();

CREATE TRIGGER activity_days_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_move();

CREATE TRIGGER activity_days_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_add();

CREATE TRIGGER activity_days_update AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_move();

CREATE TRIGGER early_hours_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION early_hours_move();

CREATE TRIGGER early_hours_forget AFTER DELETE ON profile_facts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION early_hours_recount();

CREATE TRIGGER early_hours_identified AFTER INSERT ON profile_facts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION early_hours_recount();

CREATE TRIGGER early_hours_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION early_hours_add();

CREATE TRIGGER early_hours_signup AFTER UPDATE ON profile_facts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION early_hours_recount();

CREATE TRIGGER early_hours_update AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION early_hours_move();

CREATE TRIGGER journey_step_counts_delete AFTER DELETE ON journey_runs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION journey_step_counts_move();

CREATE TRIGGER journey_step_counts_insert AFTER INSERT ON journey_runs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION journey_step_counts_add();

CREATE TRIGGER journey_step_counts_update AFTER UPDATE ON journey_runs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION journey_step_counts_move();

CREATE TRIGGER profile_facts_delete AFTER DELETE ON profiles REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION profile_facts_drop();

CREATE TRIGGER stage_changes_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_changes_put();

CREATE TRIGGER stage_changes_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_changes_put();

CREATE TRIGGER stage_changes_update AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_changes_put();

CREATE TRIGGER stage_changes_was_delete AFTER DELETE ON stage_changes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_changes_was_drop();

CREATE TRIGGER stage_changes_was_insert AFTER INSERT ON stage_changes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_changes_was_add();
