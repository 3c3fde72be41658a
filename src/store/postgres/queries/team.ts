import { named } from '../named-query.js';

const MEMBER = `SELECT email, role, password_hash AS "passwordHash", created_at::float8 AS "createdAt"
  FROM team_members`;

/** Team members, sessions and the audit log (team-store.ts). */
export const teamQueries = {
  count: named('team_count', 'SELECT count(*)::int AS n FROM team_members'),
  addMember: named(
    'team_add_member',
    `INSERT INTO team_members (email, role, password_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO NOTHING`,
  ),
  getMember: named('team_get_member', `${MEMBER} WHERE email = $1`),
  listMembers: named('team_list_members', `${MEMBER} ORDER BY email`),
  createSession: named(
    'team_create_session',
    `INSERT INTO team_sessions (token_hash, email, csrf_token, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5)`,
  ),
  findSession: named(
    'team_find_session',
    `SELECT s.token_hash AS "tokenHash", s.email, s.csrf_token AS "csrfToken",
            s.created_at::float8 AS "createdAt", s.expires_at::float8 AS "expiresAt", m.role
     FROM team_sessions s JOIN team_members m ON m.email = s.email
     WHERE s.token_hash = $1 AND s.expires_at > $2`,
  ),
  deleteSession: named('team_delete_session', 'DELETE FROM team_sessions WHERE token_hash = $1'),
  deleteExpired: named('team_delete_expired', 'DELETE FROM team_sessions WHERE expires_at <= $1'),
  appendAudit: named(
    'team_append_audit',
    'INSERT INTO audit_log (at, actor, action, target, status) VALUES ($1, $2, $3, $4, $5)',
  ),
  listAudit: named(
    'team_list_audit',
    `SELECT id::float8 AS id, at::float8 AS at, actor, action, target, status FROM audit_log
     WHERE id < $1 ORDER BY id DESC LIMIT $2`,
  ),
};
