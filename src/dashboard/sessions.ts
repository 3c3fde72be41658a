import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { TeamRole, TeamStore } from '../store/team-store.js';

export const SESSION_COOKIE = 'cairn_session';
/** A session lasts a working day; signing in again starts a new one. */
export const SESSION_LIFETIME_MS = 12 * 3_600_000;
export const CSRF_HEADER = 'x-cairn-csrf';

export interface Member {
  email: string;
  role: TeamRole;
  csrfToken: string;
  tokenHash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function cookieOf(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Starts a session: the token goes to the browser only, the store keeps its hash. */
export async function openSession(
  team: TeamStore,
  clock: Clock,
  email: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  await team.deleteExpiredSessions(now);
  await team.createSession({
    tokenHash: sha256(token),
    email,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt: now,
    expiresAt: now + SESSION_LIFETIME_MS,
  });
  reply.header('set-cookie', sessionCookie(token, SESSION_LIFETIME_MS / 1000, request));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', sessionCookie('', 0, request));
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure
 * when the request came over HTTPS. */
function sessionCookie(token: string, maxAgeSeconds: number, request: FastifyRequest): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

/** The signed-in member of this request, or null. */
export async function memberOf(
  team: TeamStore,
  clock: Clock,
  request: FastifyRequest,
): Promise<Member | null> {
  const token = cookieOf(request, SESSION_COOKIE);
  if (!token) return null;
  const tokenHash = sha256(token);
  const session = await team.findSession(tokenHash, clock.now());
  if (!session) return null;
  return { email: session.email, role: session.role, csrfToken: session.csrfToken, tokenHash };
}

/**
 * A state-changing request from the dashboard must carry the session's anti-forgery token in a
 * header (which another site's form or image cannot set) and, when the browser sends an Origin,
 * come from this server's own origin.
 */
export function forgeryProblem(request: FastifyRequest, member: Member): string | null {
  const origin = request.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, request)) return 'cross-origin request';
  const given = request.headers[CSRF_HEADER];
  if (typeof given !== 'string') return `missing ${CSRF_HEADER} header`;
  const a = Buffer.from(given);
  const b = Buffer.from(member.csrfToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return `wrong ${CSRF_HEADER} header`;
  return null;
}

export function sameOrigin(origin: string, request: FastifyRequest): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}
