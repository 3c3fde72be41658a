-- The schema the migrations produce. Generated, do not edit: see test/store/schema-dump.test.ts

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE active_days (
  profile_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  lo TEXT NOT NULL,
  hi TEXT NOT NULL,
  PRIMARY KEY (profile_id, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE activity_days (
  profile_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  name TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (profile_id, day, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE aliases (
  from_id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  status INTEGER NOT NULL
);

CREATE TABLE cairn_migrations (
  id TEXT PRIMARY KEY,
  applied_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE consents (
  profile_id TEXT PRIMARY KEY,
  unsubscribed_all INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE dead_letters (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  error TEXT NOT NULL,
  event TEXT NOT NULL
) STRICT;

CREATE TABLE early_hours (
  profile_id TEXT NOT NULL,
  name TEXT NOT NULL,
  hour INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (profile_id, name, hour)
) STRICT, WITHOUT ROWID;

CREATE TABLE erasures (
  id TEXT PRIMARY KEY,
  erased_at INTEGER NOT NULL,
  subject_hash TEXT NOT NULL,
  actor TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE events (
  -- AUTOINCREMENT: a seq is never reused, even after the newest row is deleted, because readers
  -- page through the log by seq and must never see a new event behind their cursor.
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  event TEXT,
  profile_id TEXT NOT NULL,
  user_id TEXT,
  anonymous_id TEXT,
  group_id TEXT,
  previous_id TEXT,
  timestamp INTEGER NOT NULL,
  original_timestamp INTEGER,
  sent_at INTEGER,
  received_at INTEGER NOT NULL,
  properties TEXT NOT NULL,
  traits TEXT NOT NULL,
  context TEXT NOT NULL,
  source TEXT NOT NULL
) STRICT;

CREATE TABLE journey_runs (
  id TEXT PRIMARY KEY,
  journey_id TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  status TEXT NOT NULL,
  held_out INTEGER NOT NULL,
  version TEXT NOT NULL,
  entered_at INTEGER NOT NULL,
  wake_at INTEGER,
  goal_deadline INTEGER,
  ended_at INTEGER,
  converted_at INTEGER,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE journey_step_counts (
  journey_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  reached INTEGER NOT NULL,
  PRIMARY KEY (journey_id, step_id)
);

CREATE TABLE journey_versions (
  journey_id TEXT NOT NULL,
  version TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (journey_id, version)
) STRICT;

CREATE TABLE memberships (
  account_id TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, profile_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE message_copies (
  message_id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  html BLOB NOT NULL
, dictionary TEXT) STRICT;

CREATE TABLE message_copy_dictionaries (
  id TEXT PRIMARY KEY,
  body BLOB NOT NULL,
  used_at INTEGER NOT NULL
) STRICT;

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL,
  journey_id TEXT,
  run_id TEXT,
  step_id TEXT,
  channel TEXT NOT NULL,
  template TEXT NOT NULL,
  topic TEXT,
  transactional INTEGER NOT NULL,
  priority TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  attempts INTEGER NOT NULL,
  provider_id TEXT,
  due_at INTEGER,
  lease_until INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  sent_at INTEGER,
  payload TEXT NOT NULL
, read_at INTEGER, dismissed_at INTEGER) STRICT;

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

CREATE TABLE profile_zones (
  profile_id TEXT PRIMARY KEY,
  time_zone TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE profiles (
  id TEXT PRIMARY KEY,
  user_id TEXT,
  email TEXT,
  name TEXT,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE schedule_timers (
  journey_id TEXT NOT NULL,
  -- The profiles it fires for: profile_zones.time_zone, or '' for those without a row.
  time_zone TEXT NOT NULL,
  -- What fire_at was computed from (the cron expression and the zone it is read in).
  rule TEXT NOT NULL,
  fire_at INTEGER NOT NULL,
  after_profile TEXT,
  PRIMARY KEY (journey_id, time_zone)
) STRICT, WITHOUT ROWID;

CREATE TABLE segment_members (
  segment TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  entered_at INTEGER NOT NULL,
  PRIMARY KEY (segment, profile_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE stage_changes (
  kind TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  "from" TEXT,
  "to" TEXT, was TEXT,
  PRIMARY KEY (kind, profile_id, at, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE state_timers (
  profile_id TEXT PRIMARY KEY,
  due_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE suppressed_addresses (
  address_hash TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE team_members (
  email TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE team_sessions (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL REFERENCES team_members (email) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TRIGGER active_days_delete AFTER DELETE ON activity_days
WHEN NOT (OLD.name GLOB 'Viewed * Page'
    OR OLD.name GLOB 'Viewed * Screen' OR OLD.name IN ('Loaded a Page', 'Loaded a Screen')
    OR OLD.name IN ('Logged In', 'Logged Out', 'Signed In', 'Signed Out', 'Login', 'Logout', 'Session Started', 'Application Opened', 'Application Backgrounded'))
BEGIN
  DELETE FROM active_days WHERE profile_id = OLD.profile_id AND day = OLD.day;
  INSERT INTO active_days (profile_id, day, lo, hi)
    SELECT profile_id, day, min(name), max(name) FROM activity_days
    WHERE profile_id = OLD.profile_id AND day = OLD.day AND NOT (name GLOB 'Viewed * Page'
    OR name GLOB 'Viewed * Screen' OR name IN ('Loaded a Page', 'Loaded a Screen')
    OR name IN ('Logged In', 'Logged Out', 'Signed In', 'Signed Out', 'Login', 'Logout', 'Session Started', 'Application Opened', 'Application Backgrounded'))
    GROUP BY profile_id, day;
END;

CREATE TRIGGER active_days_insert AFTER INSERT ON activity_days
WHEN NOT (NEW.name GLOB 'Viewed * Page'
    OR NEW.name GLOB 'Viewed * Screen' OR NEW.name IN ('Loaded a Page', 'Loaded a Screen')
    OR NEW.name IN ('Logged In', 'Logged Out', 'Signed In', 'Signed Out', 'Login', 'Logout', 'Session Started', 'Application Opened', 'Application Backgrounded'))
BEGIN
  INSERT INTO active_days (profile_id, day, lo, hi) VALUES (NEW.profile_id, NEW.day, NEW.name, NEW.name)
    ON CONFLICT (profile_id, day) DO UPDATE SET lo = min(lo, excluded.lo), hi = max(hi, excluded.hi);
END;

CREATE INDEX activity_days_by_day ON activity_days (day, profile_id, name);

CREATE TRIGGER activity_days_delete AFTER DELETE ON events
WHEN OLD.source <> 'internal' AND (OLD.type IN ('page', 'screen') OR (OLD.type = 'track' AND OLD.event IS NOT NULL))
BEGIN
  UPDATE activity_days SET n = n - 1
    WHERE profile_id = OLD.profile_id AND day = (OLD.timestamp - ((OLD.timestamp % 86400000) + 86400000) % 86400000) / 86400000 AND name = CASE OLD.type
      WHEN 'track' THEN OLD.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(OLD.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(OLD.event, '') || ' Screen', 'Loaded a Screen') END;
  DELETE FROM activity_days
    WHERE profile_id = OLD.profile_id AND day = (OLD.timestamp - ((OLD.timestamp % 86400000) + 86400000) % 86400000) / 86400000 AND name = CASE OLD.type
      WHEN 'track' THEN OLD.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(OLD.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(OLD.event, '') || ' Screen', 'Loaded a Screen') END AND n <= 0;
END;

CREATE TRIGGER activity_days_insert AFTER INSERT ON events
WHEN NEW.source <> 'internal' AND (NEW.type IN ('page', 'screen') OR (NEW.type = 'track' AND NEW.event IS NOT NULL))
BEGIN
  INSERT INTO activity_days (profile_id, day, name, n)
    VALUES (NEW.profile_id, (NEW.timestamp - ((NEW.timestamp % 86400000) + 86400000) % 86400000) / 86400000, CASE NEW.type
      WHEN 'track' THEN NEW.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(NEW.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(NEW.event, '') || ' Screen', 'Loaded a Screen') END, 1)
    ON CONFLICT (profile_id, day, name) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER activity_days_move AFTER UPDATE OF profile_id ON events
WHEN OLD.profile_id <> NEW.profile_id AND NEW.source <> 'internal' AND (NEW.type IN ('page', 'screen') OR (NEW.type = 'track' AND NEW.event IS NOT NULL))
BEGIN
  UPDATE activity_days SET n = n - 1
    WHERE profile_id = OLD.profile_id AND day = (OLD.timestamp - ((OLD.timestamp % 86400000) + 86400000) % 86400000) / 86400000 AND name = CASE OLD.type
      WHEN 'track' THEN OLD.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(OLD.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(OLD.event, '') || ' Screen', 'Loaded a Screen') END;
  DELETE FROM activity_days
    WHERE profile_id = OLD.profile_id AND day = (OLD.timestamp - ((OLD.timestamp % 86400000) + 86400000) % 86400000) / 86400000 AND name = CASE OLD.type
      WHEN 'track' THEN OLD.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(OLD.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(OLD.event, '') || ' Screen', 'Loaded a Screen') END AND n <= 0;
  INSERT INTO activity_days (profile_id, day, name, n)
    VALUES (NEW.profile_id, (NEW.timestamp - ((NEW.timestamp % 86400000) + 86400000) % 86400000) / 86400000, CASE NEW.type
      WHEN 'track' THEN NEW.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(NEW.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(NEW.event, '') || ' Screen', 'Loaded a Screen') END, 1)
    ON CONFLICT (profile_id, day, name) DO UPDATE SET n = n + 1;
END;

CREATE INDEX aliases_profile ON aliases (profile_id);

CREATE INDEX dead_letters_at ON dead_letters (at, id);

CREATE TRIGGER early_hours_delete AFTER DELETE ON events
WHEN OLD.source <> 'internal'
  AND (OLD.type IN ('page', 'screen') OR (OLD.type = 'track' AND OLD.event IS NOT NULL))
BEGIN
  UPDATE early_hours SET n = n - 1
    WHERE profile_id = OLD.profile_id AND name = CASE OLD.type
      WHEN 'track' THEN OLD.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(OLD.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(OLD.event, '') || ' Screen', 'Loaded a Screen') END AND hour = (SELECT max(0, (OLD.timestamp - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000)
      FROM profile_facts f WHERE f.profile_id = OLD.profile_id AND OLD.timestamp <= coalesce(f.signup_at, f.first_seen) + 1209600000);
  DELETE FROM early_hours
    WHERE profile_id = OLD.profile_id AND name = CASE OLD.type
      WHEN 'track' THEN OLD.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(OLD.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(OLD.event, '') || ' Screen', 'Loaded a Screen') END AND n <= 0;
END;

CREATE TRIGGER early_hours_forget AFTER DELETE ON profile_facts
BEGIN
  DELETE FROM early_hours WHERE profile_id = OLD.profile_id;
END;

CREATE TRIGGER early_hours_identified AFTER INSERT ON profile_facts
BEGIN
  DELETE FROM early_hours WHERE profile_id = NEW.profile_id;
  INSERT INTO early_hours (profile_id, name, hour, n)
    SELECT e.profile_id, CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END, max(0, (e.timestamp - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000), count(*)
    FROM profile_facts f CROSS JOIN events e ON e.profile_id = f.profile_id
    WHERE f.profile_id = NEW.profile_id AND e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL)) AND e.timestamp <= coalesce(f.signup_at, f.first_seen) + 1209600000
    GROUP BY 1, 2, 3;
END;

CREATE TRIGGER early_hours_insert AFTER INSERT ON events
WHEN NEW.source <> 'internal'
  AND (NEW.type IN ('page', 'screen') OR (NEW.type = 'track' AND NEW.event IS NOT NULL))
BEGIN
  INSERT INTO early_hours (profile_id, name, hour, n)
    SELECT f.profile_id, CASE NEW.type
      WHEN 'track' THEN NEW.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(NEW.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(NEW.event, '') || ' Screen', 'Loaded a Screen') END, max(0, (NEW.timestamp - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000), 1 FROM profile_facts f
    WHERE f.profile_id = NEW.profile_id AND NEW.timestamp <= coalesce(f.signup_at, f.first_seen) + 1209600000
    ON CONFLICT (profile_id, name, hour) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER early_hours_move AFTER UPDATE OF profile_id ON events
WHEN OLD.profile_id <> NEW.profile_id AND NEW.source <> 'internal'
  AND (NEW.type IN ('page', 'screen') OR (NEW.type = 'track' AND NEW.event IS NOT NULL))
BEGIN
  UPDATE early_hours SET n = n - 1
    WHERE profile_id = OLD.profile_id AND name = CASE OLD.type
      WHEN 'track' THEN OLD.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(OLD.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(OLD.event, '') || ' Screen', 'Loaded a Screen') END AND hour = (SELECT max(0, (OLD.timestamp - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000)
      FROM profile_facts f WHERE f.profile_id = OLD.profile_id AND OLD.timestamp <= coalesce(f.signup_at, f.first_seen) + 1209600000);
  DELETE FROM early_hours
    WHERE profile_id = OLD.profile_id AND name = CASE OLD.type
      WHEN 'track' THEN OLD.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(OLD.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(OLD.event, '') || ' Screen', 'Loaded a Screen') END AND n <= 0;
  INSERT INTO early_hours (profile_id, name, hour, n)
    SELECT f.profile_id, CASE NEW.type
      WHEN 'track' THEN NEW.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(NEW.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(NEW.event, '') || ' Screen', 'Loaded a Screen') END, max(0, (NEW.timestamp - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000), 1 FROM profile_facts f
    WHERE f.profile_id = NEW.profile_id AND NEW.timestamp <= coalesce(f.signup_at, f.first_seen) + 1209600000
    ON CONFLICT (profile_id, name, hour) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER early_hours_signup AFTER UPDATE ON profile_facts
WHEN OLD.profile_id <> NEW.profile_id OR coalesce(OLD.signup_at, OLD.first_seen) <> coalesce(NEW.signup_at, NEW.first_seen)
BEGIN
  DELETE FROM early_hours WHERE profile_id IN (OLD.profile_id, NEW.profile_id);
  INSERT INTO early_hours (profile_id, name, hour, n)
    SELECT e.profile_id, CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END, max(0, (e.timestamp - coalesce(f.signup_at, f.first_seen) + 3599999) / 3600000), count(*)
    FROM profile_facts f CROSS JOIN events e ON e.profile_id = f.profile_id
    WHERE f.profile_id = NEW.profile_id AND e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL)) AND e.timestamp <= coalesce(f.signup_at, f.first_seen) + 1209600000
    GROUP BY 1, 2, 3;
END;

CREATE INDEX erasures_time ON erasures (erased_at, id);

CREATE INDEX events_activity ON events (profile_id, timestamp, seq, type, event, source)
  WHERE source <> 'internal' AND (type IN ('page', 'screen') OR (type = 'track' AND event IS NOT NULL));

CREATE INDEX events_engagement ON events (event, json_extract(properties, '$.message'))
  WHERE source = 'internal' AND json_type(properties, '$.message') = 'text';

CREATE INDEX events_identify_traits ON events (profile_id, timestamp, traits) WHERE type = 'identify';

CREATE INDEX events_profile_seq ON events (profile_id, seq);

CREATE INDEX events_timestamp ON events (timestamp);

CREATE INDEX journey_runs_active ON journey_runs (journey_id) WHERE status = 'active';

CREATE INDEX journey_runs_entered ON journey_runs (entered_at, id);

CREATE INDEX journey_runs_entrants ON journey_runs
  (journey_id, profile_id, entered_at, id, held_out, converted_at, goal_deadline);

CREATE INDEX journey_runs_journey ON journey_runs (journey_id, entered_at, id);

CREATE INDEX journey_runs_profile ON journey_runs (profile_id, journey_id);

CREATE INDEX journey_runs_totals ON journey_runs (journey_id, held_out, status, converted_at);

CREATE INDEX journey_runs_wake ON journey_runs (wake_at, id) WHERE wake_at IS NOT NULL;

CREATE TRIGGER journey_step_counts_delete AFTER DELETE ON journey_runs
BEGIN
  UPDATE journey_step_counts SET reached = reached - 1
    WHERE journey_id = OLD.journey_id AND step_id IN (SELECT DISTINCT CASE json_type(h.value)
      WHEN 'array' THEN json_extract(h.value, '$[1]') ELSE json_extract(h.value, '$.stepId') END AS step
    FROM json_each(OLD.doc, '$.history') h WHERE step IS NOT NULL);
  DELETE FROM journey_step_counts WHERE journey_id = OLD.journey_id AND reached <= 0;
END;

CREATE TRIGGER journey_step_counts_insert AFTER INSERT ON journey_runs
BEGIN
  INSERT INTO journey_step_counts (journey_id, step_id, reached)
    SELECT NEW.journey_id, step, 1 FROM (SELECT DISTINCT CASE json_type(h.value)
      WHEN 'array' THEN json_extract(h.value, '$[1]') ELSE json_extract(h.value, '$.stepId') END AS step
    FROM json_each(NEW.doc, '$.history') h WHERE step IS NOT NULL) WHERE true
    ON CONFLICT (journey_id, step_id) DO UPDATE SET reached = reached + 1;
END;

CREATE TRIGGER journey_step_counts_update AFTER UPDATE OF journey_id, doc ON journey_runs
BEGIN
  INSERT INTO journey_step_counts (journey_id, step_id, reached)
    SELECT journey_id, step, sum(delta) FROM (
      SELECT OLD.journey_id AS journey_id, step, -1 AS delta FROM (SELECT DISTINCT CASE json_type(h.value)
      WHEN 'array' THEN json_extract(h.value, '$[1]') ELSE json_extract(h.value, '$.stepId') END AS step
    FROM json_each(OLD.doc, '$.history') h WHERE step IS NOT NULL)
      UNION ALL SELECT NEW.journey_id, step, 1 FROM (SELECT DISTINCT CASE json_type(h.value)
      WHEN 'array' THEN json_extract(h.value, '$[1]') ELSE json_extract(h.value, '$.stepId') END AS step
    FROM json_each(NEW.doc, '$.history') h WHERE step IS NOT NULL))
    GROUP BY journey_id, step HAVING sum(delta) <> 0
    ON CONFLICT (journey_id, step_id) DO UPDATE SET reached = reached + excluded.reached;
  DELETE FROM journey_step_counts WHERE journey_id = OLD.journey_id AND reached <= 0;
END;

CREATE INDEX memberships_profile ON memberships (profile_id);

CREATE INDEX message_copies_profile ON message_copies (profile_id);

CREATE INDEX message_copies_sent ON message_copies (sent_at);

CREATE INDEX messages_created ON messages (created_at, id);

CREATE INDEX messages_due ON messages (due_at, id) WHERE state IN ('queued', 'deferred', 'retrying');

CREATE INDEX messages_inbox ON messages (profile_id, sent_at, id) WHERE channel = 'inapp' AND state = 'sent';

CREATE INDEX messages_journey ON messages (journey_id, created_at, id) WHERE journey_id IS NOT NULL;

CREATE INDEX messages_profile ON messages (profile_id, created_at, id);

CREATE INDEX messages_provider ON messages (provider_id, created_at) WHERE provider_id IS NOT NULL;

CREATE INDEX messages_sent ON messages (profile_id, sent_at) WHERE state = 'sent';

CREATE INDEX messages_state ON messages (state, created_at, id);

CREATE TRIGGER profile_facts_delete AFTER DELETE ON profiles
BEGIN
  DELETE FROM profile_facts WHERE profile_id = OLD.id;
END;

CREATE INDEX profile_zones_zone ON profile_zones (time_zone, profile_id);

CREATE INDEX schedule_timers_due ON schedule_timers (fire_at, journey_id, time_zone);

CREATE INDEX segment_members_profile ON segment_members (profile_id);

CREATE TRIGGER stage_changes_delete AFTER DELETE ON events
WHEN OLD.source = 'internal' AND OLD.event = 'Stage Changed'
    AND json_type(OLD.properties, '$.kind') = 'text'
BEGIN
  DELETE FROM stage_changes WHERE kind = json_extract(OLD.properties, '$.kind')
    AND profile_id = OLD.profile_id AND at = OLD.timestamp AND seq = OLD.seq;
END;

CREATE TRIGGER stage_changes_insert AFTER INSERT ON events
WHEN NEW.source = 'internal' AND NEW.event = 'Stage Changed'
    AND json_type(NEW.properties, '$.kind') = 'text'
BEGIN
  INSERT INTO stage_changes (profile_id, kind, at, seq, "from", "to") VALUES (NEW.profile_id, json_extract(NEW.properties, '$.kind'),
    NEW.timestamp, NEW.seq, json_extract(NEW.properties, '$.from'),
    json_extract(NEW.properties, '$.to'));
END;

CREATE TRIGGER stage_changes_move AFTER UPDATE OF profile_id ON events
WHEN OLD.profile_id <> NEW.profile_id AND NEW.source = 'internal' AND NEW.event = 'Stage Changed'
    AND json_type(NEW.properties, '$.kind') = 'text'
BEGIN
  UPDATE stage_changes SET profile_id = NEW.profile_id
    WHERE kind = json_extract(NEW.properties, '$.kind') AND profile_id = OLD.profile_id
      AND at = NEW.timestamp AND seq = NEW.seq;
END;

CREATE TRIGGER stage_changes_was_delete AFTER DELETE ON stage_changes
BEGIN
  UPDATE stage_changes SET was = (SELECT p."to" FROM stage_changes p
    WHERE p.kind = OLD.kind AND p.profile_id = OLD.profile_id
      AND (p.at, p.seq) < (OLD.at, OLD.seq)
    ORDER BY p.at DESC, p.seq DESC LIMIT 1) WHERE (kind, profile_id, at, seq) = (SELECT n.kind, n.profile_id, n.at, n.seq
    FROM stage_changes n
    WHERE n.kind = OLD.kind AND n.profile_id = OLD.profile_id
      AND (n.at, n.seq) > (OLD.at, OLD.seq)
    ORDER BY n.at, n.seq LIMIT 1);
END;

CREATE TRIGGER stage_changes_was_insert AFTER INSERT ON stage_changes
BEGIN
  UPDATE stage_changes SET was = (SELECT p."to" FROM stage_changes p
    WHERE p.kind = NEW.kind AND p.profile_id = NEW.profile_id
      AND (p.at, p.seq) < (NEW.at, NEW.seq)
    ORDER BY p.at DESC, p.seq DESC LIMIT 1)
    WHERE kind = NEW.kind AND profile_id = NEW.profile_id AND at = NEW.at AND seq = NEW.seq;
  UPDATE stage_changes SET was = NEW."to" WHERE (kind, profile_id, at, seq) = (SELECT n.kind, n.profile_id, n.at, n.seq
    FROM stage_changes n
    WHERE n.kind = NEW.kind AND n.profile_id = NEW.profile_id
      AND (n.at, n.seq) > (NEW.at, NEW.seq)
    ORDER BY n.at, n.seq LIMIT 1);
END;

CREATE TRIGGER stage_changes_was_move AFTER UPDATE OF profile_id ON stage_changes
BEGIN
  UPDATE stage_changes SET was = (SELECT p."to" FROM stage_changes p
    WHERE p.kind = OLD.kind AND p.profile_id = OLD.profile_id
      AND (p.at, p.seq) < (OLD.at, OLD.seq)
    ORDER BY p.at DESC, p.seq DESC LIMIT 1) WHERE (kind, profile_id, at, seq) = (SELECT n.kind, n.profile_id, n.at, n.seq
    FROM stage_changes n
    WHERE n.kind = OLD.kind AND n.profile_id = OLD.profile_id
      AND (n.at, n.seq) > (OLD.at, OLD.seq)
    ORDER BY n.at, n.seq LIMIT 1);
  UPDATE stage_changes SET was = (SELECT p."to" FROM stage_changes p
    WHERE p.kind = NEW.kind AND p.profile_id = NEW.profile_id
      AND (p.at, p.seq) < (NEW.at, NEW.seq)
    ORDER BY p.at DESC, p.seq DESC LIMIT 1)
    WHERE kind = NEW.kind AND profile_id = NEW.profile_id AND at = NEW.at AND seq = NEW.seq;
  UPDATE stage_changes SET was = NEW."to" WHERE (kind, profile_id, at, seq) = (SELECT n.kind, n.profile_id, n.at, n.seq
    FROM stage_changes n
    WHERE n.kind = NEW.kind AND n.profile_id = NEW.profile_id
      AND (n.at, n.seq) > (NEW.at, NEW.seq)
    ORDER BY n.at, n.seq LIMIT 1);
END;

CREATE INDEX state_timers_due ON state_timers (due_at, profile_id);

CREATE INDEX team_sessions_expiry ON team_sessions (expires_at);
