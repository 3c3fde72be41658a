/**
 * The part of the store the dashboard's sign-in uses (src/dashboard): team members (the people
 * who run Cairn, not the product's end users), their sessions and the audit log of admin
 * actions. Secrets arrive already hashed: the store never sees a password or a session token.
 */
export interface TeamStore {
  countMembers(): Promise<number>;
  /** Adds a member; false when the email is already a member (nothing changes then). */
  addMember(member: TeamMember): Promise<boolean>;
  getMember(email: string): Promise<TeamMember | null>;
  listMembers(): Promise<TeamMember[]>;
  createSession(session: TeamSession): Promise<void>;
  /** The live session with this token hash at `now`, with its member's current role. */
  findSession(tokenHash: string, now: number): Promise<(TeamSession & { role: TeamRole }) | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>;
  appendAudit(entry: AuditEntryInput): Promise<void>;
  /** The newest entries first, at most `limit`, older than `beforeId` when given. */
  listAudit(limit: number, beforeId?: number): Promise<AuditEntry[]>;
}

export type TeamRole = 'admin' | 'viewer';

export interface TeamMember {
  /** Lower-cased. */
  email: string;
  role: TeamRole;
  /** `scrypt$N$r$p$salt$hash` (src/dashboard/password.ts). */
  passwordHash: string;
  createdAt: number;
}

export interface TeamSession {
  /** SHA-256 (hex) of the cookie's token. */
  tokenHash: string;
  email: string;
  /** The anti-forgery token every state-changing request of this session must carry. */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

export interface AuditEntryInput {
  at: number;
  /** `member:<email>` or `key:admin`. */
  actor: string;
  /** What was done, e.g. `POST /api/messages/:id/retry`. */
  action: string;
  /** The object acted on (the URL path), or null. */
  target: string | null;
  /** The HTTP status the action ended with. */
  status: number;
}

export interface AuditEntry extends AuditEntryInput {
  id: number;
}
