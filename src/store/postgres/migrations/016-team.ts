import type { Migration } from '../../migration.js';

/**
 * The dashboard's sign-in (src/dashboard): team members with scrypt password hashes, sessions
 * kept by the hash of their cookie token (a leaked database opens no session), and the
 * append-only audit log of admin actions.
 */
export const migration016Team: Migration = {
  id: '016-team',
  sql: `
CREATE TABLE team_members (
  email TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE team_sessions (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL REFERENCES team_members (email) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX team_sessions_expiry ON team_sessions (expires_at);
CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  status INTEGER NOT NULL
);
`,
};
