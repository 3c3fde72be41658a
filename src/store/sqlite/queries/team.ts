import type { Database } from 'better-sqlite3';

export interface MemberSqlRow {
  email: string;
  role: string;
  passwordHash: string;
  createdAt: number;
}

const MEMBER = `SELECT email, role, password_hash AS passwordHash, created_at AS createdAt
  FROM team_members`;

/** Team members, sessions and the audit log (team-store.ts); prepared on both connections. */
export function prepareTeamStatements(db: Database) {
  return {
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM team_members'),
    addMember: db.prepare<[string, string, string, number]>(
      `INSERT INTO team_members (email, role, password_hash, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (email) DO NOTHING`,
    ),
    getMember: db.prepare<[string], MemberSqlRow>(`${MEMBER} WHERE email = ?`),
    listMembers: db.prepare<[], MemberSqlRow>(`${MEMBER} ORDER BY email`),
    createSession: db.prepare<[string, string, string, number, number]>(
      `INSERT INTO team_sessions (token_hash, email, csrf_token, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?)`,
    ),
    findSession: db.prepare<
      [string, number],
      {
        tokenHash: string;
        email: string;
        csrfToken: string;
        createdAt: number;
        expiresAt: number;
        role: string;
      }
    >(
      `SELECT s.token_hash AS tokenHash, s.email, s.csrf_token AS csrfToken,
              s.created_at AS createdAt, s.expires_at AS expiresAt, m.role
       FROM team_sessions s JOIN team_members m ON m.email = s.email
       WHERE s.token_hash = ? AND s.expires_at > ?`,
    ),
    deleteSession: db.prepare<[string]>('DELETE FROM team_sessions WHERE token_hash = ?'),
    deleteExpired: db.prepare<[number]>('DELETE FROM team_sessions WHERE expires_at <= ?'),
    appendAudit: db.prepare<[number, string, string, string | null, number]>(
      'INSERT INTO audit_log (at, actor, action, target, status) VALUES (?, ?, ?, ?, ?)',
    ),
    listAudit: db.prepare<
      [number, number],
      {
        id: number;
        at: number;
        actor: string;
        action: string;
        target: string | null;
        status: number;
      }
    >(
      `SELECT id, at, actor, action, target, status FROM audit_log WHERE id < ?
       ORDER BY id DESC LIMIT ?`,
    ),
  };
}

export type TeamStatements = ReturnType<typeof prepareTeamStatements>;
