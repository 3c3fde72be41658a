import type {
  AuditEntry,
  AuditEntryInput,
  TeamMember,
  TeamRole,
  TeamSession,
  TeamStore,
} from '../team-store.js';
import type { TeamStatements } from './queries/team.js';

/**
 * Sign-in data of the SQLite store. Writes go through the writer connection under the store's
 * write lock (`write`); session look-ups, one per dashboard request, read the reader connection.
 */
export class SqliteTeam implements TeamStore {
  constructor(
    private readonly read: () => TeamStatements,
    private readonly write: <T>(fn: (w: TeamStatements) => T) => Promise<T>,
  ) {}

  async countMembers(): Promise<number> {
    return this.read().count.get()!.n;
  }

  addMember(m: TeamMember): Promise<boolean> {
    return this.write(
      (w) => w.addMember.run(m.email, m.role, m.passwordHash, m.createdAt).changes === 1,
    );
  }

  async getMember(email: string): Promise<TeamMember | null> {
    const row = this.read().getMember.get(email);
    return row ? { ...row, role: row.role as TeamRole } : null;
  }

  async listMembers(): Promise<TeamMember[]> {
    return this.read()
      .listMembers.all()
      .map((row) => ({ ...row, role: row.role as TeamRole }));
  }

  async createSession(s: TeamSession): Promise<void> {
    await this.write((w) =>
      w.createSession.run(s.tokenHash, s.email, s.csrfToken, s.createdAt, s.expiresAt),
    );
  }

  async findSession(tokenHash: string, now: number) {
    const row = this.read().findSession.get(tokenHash, now);
    return row ? { ...row, role: row.role as TeamRole } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.write((w) => w.deleteSession.run(tokenHash));
  }

  deleteExpiredSessions(now: number): Promise<number> {
    return this.write((w) => w.deleteExpired.run(now).changes);
  }

  async appendAudit(e: AuditEntryInput): Promise<void> {
    await this.write((w) => w.appendAudit.run(e.at, e.actor, e.action, e.target, e.status));
  }

  async listAudit(limit: number, beforeId?: number): Promise<AuditEntry[]> {
    return this.read().listAudit.all(beforeId ?? Number.MAX_SAFE_INTEGER, limit);
  }
}
