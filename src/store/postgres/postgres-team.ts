import type pg from 'pg';
import type {
  AuditEntry,
  AuditEntryInput,
  TeamMember,
  TeamRole,
  TeamSession,
  TeamStore,
} from '../team-store.js';
import type { NamedQuery } from './named-query.js';
import { teamQueries as q } from './queries/team.js';

type Run = <R extends pg.QueryResultRow>(
  query: NamedQuery,
  values: unknown[],
) => Promise<pg.QueryResult<R>>;

/** Sign-in data of the PostgreSQL store, on the shared pool (each call one statement). */
export class PostgresTeam implements TeamStore {
  constructor(private readonly run: Run) {}

  async countMembers(): Promise<number> {
    return (await this.run<{ n: number }>(q.count, [])).rows[0]!.n;
  }

  async addMember(m: TeamMember): Promise<boolean> {
    const result = await this.run(q.addMember, [m.email, m.role, m.passwordHash, m.createdAt]);
    return result.rowCount === 1;
  }

  async getMember(email: string): Promise<TeamMember | null> {
    const row = (await this.run<TeamMember>(q.getMember, [email])).rows[0];
    return row ? { ...row, role: row.role as TeamRole } : null;
  }

  async listMembers(): Promise<TeamMember[]> {
    return (await this.run<TeamMember>(q.listMembers, [])).rows;
  }

  async createSession(s: TeamSession): Promise<void> {
    await this.run(q.createSession, [s.tokenHash, s.email, s.csrfToken, s.createdAt, s.expiresAt]);
  }

  async findSession(tokenHash: string, now: number) {
    const rows = (await this.run<TeamSession & { role: TeamRole }>(q.findSession, [tokenHash, now]))
      .rows;
    return rows[0] ?? null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.run(q.deleteSession, [tokenHash]);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return (await this.run(q.deleteExpired, [now])).rowCount ?? 0;
  }

  async appendAudit(e: AuditEntryInput): Promise<void> {
    await this.run(q.appendAudit, [e.at, e.actor, e.action, e.target, e.status]);
  }

  async listAudit(limit: number, beforeId?: number): Promise<AuditEntry[]> {
    return (await this.run<AuditEntry>(q.listAudit, [beforeId ?? Number.MAX_SAFE_INTEGER, limit]))
      .rows;
  }
}
