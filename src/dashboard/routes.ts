import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isPlainObject } from '../core/is-plain-object.js';
import type { FieldError } from '../ingest/field-error.js';
import { badRequest, HttpError, unauthorized } from '../http/http-error.js';
import type { ServerDeps } from '../http/server.js';
import { loadAssets, indexHtml } from './assets.js';
import { FirstRun, setFirstRun } from './first-run.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import {
  clearSessionCookie,
  forgeryProblem,
  memberOf,
  openSession,
  sameOrigin,
  type Member,
} from './sessions.js';
import { normalEmail, emailProblem } from './team-email.js';

/** A verify against this when the email is unknown, so the answer takes as long either way. */
const DECOY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * The dashboard: the page at `/`, its bundle, and sign-in (`/dashboard/*`). The pages read the
 * admin API (`/api/*`) with the session cookie (see api-access.ts).
 */
export async function registerDashboard(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const { store, clock } = deps;
  const team = store.team;
  const firstRun = new FirstRun((await team.countMembers()) === 0);
  setFirstRun(app, firstRun);
  const assets = loadAssets();
  const html = indexHtml(deps.version);

  const audit = (actor: string, action: string, status: number) =>
    team.appendAudit({ at: clock.now(), actor, action, target: null, status });

  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      )
      .send(html),
  );

  app.get('/dashboard/assets/:name', async (request, reply) => {
    const asset = assets.get((request.params as { name: string }).name);
    if (!asset) throw new HttpError(404, 'not_found', 'no such asset (was `npm run build` run?)');
    return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
  });

  /** Who is signed in, with the anti-forgery token the page sends back on every change, and
   * the server's time (the pages' "last 30 days" are the server's). */
  app.get('/dashboard/session', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const member = await memberOf(team, clock, request);
    if (!member) {
      const setupNeeded = firstRun.setupPath !== null && (await team.countMembers()) === 0;
      return { signedIn: false, setupNeeded };
    }
    return {
      signedIn: true,
      email: member.email,
      role: member.role,
      csrfToken: member.csrfToken,
      now: clock.now(),
    };
  });

  app.post('/dashboard/session', async (request, reply) => {
    refuseCrossOrigin(request);
    const { email, password } = credentials(request.body, false);
    const member = await team.getMember(email);
    const valid = await verifyPassword(password, member?.passwordHash ?? DECOY_HASH);
    if (!member || !valid) {
      await audit(`member:${email}`, 'sign-in refused', 401);
      throw unauthorized('email or password');
    }
    await openSession(team, clock, member.email, request, reply);
    await audit(`member:${member.email}`, 'sign-in', 200);
    return { email: member.email, role: member.role };
  });

  app.delete('/dashboard/session', async (request, reply) => {
    const member = await requireMember(request);
    refuseForgery(request, member);
    await team.deleteSession(member.tokenHash);
    clearSessionCookie(request, reply);
    await audit(`member:${member.email}`, 'sign-out', 200);
    return { signedOut: true };
  });

  /** First run: the one-time token printed by `cairn serve` creates the first admin. */
  app.post('/dashboard/setup', async (request, reply) => {
    refuseCrossOrigin(request);
    const body = isPlainObject(request.body) ? request.body : {};
    if (!firstRun.matches(body.token) || (await team.countMembers()) > 0) {
      throw new HttpError(403, 'forbidden', 'set-up is done or the set-up link is wrong');
    }
    const { email, password } = credentials({ email: body.email, password: body.password }, true);
    const added = await team.addMember({
      email,
      role: 'admin',
      passwordHash: await hashPassword(password),
      createdAt: clock.now(),
    });
    if (!added) throw new HttpError(409, 'conflict', 'that member exists already');
    firstRun.done();
    await audit(`member:${email}`, 'first admin created (set-up link)', 200);
    await openSession(team, clock, email, request, reply);
    return { email, role: 'admin' };
  });

  app.get('/dashboard/audit', async (request) => {
    const member = await requireMember(request);
    if (member.role !== 'admin') throw new HttpError(403, 'forbidden', 'admins only');
    const { before } = request.query as { before?: string };
    const beforeId = before === undefined ? undefined : Number(before);
    if (beforeId !== undefined && !Number.isSafeInteger(beforeId)) {
      throw badRequest([{ field: 'before', message: 'expected an entry id' }]);
    }
    return { entries: await team.listAudit(100, beforeId) };
  });

  app.get('/dashboard/members', async (request) => {
    await requireMember(request);
    const members = await team.listMembers();
    return { members: members.map(({ email, role, createdAt }) => ({ email, role, createdAt })) };
  });

  /** The loaded cairn.yaml and whether the file on disk validates now. */
  app.get('/dashboard/definitions', async (request) => {
    await requireMember(request);
    const loaded = deps.workspace.definitions;
    if (!loaded) return { loaded: null, onDisk: null };
    // What the file watcher last found: no parse of the file per request.
    const onDisk = deps.workspace.fileCheck;
    const d = loaded.definitions;
    return {
      loaded: { file: loaded.file, version: loaded.version },
      onDisk,
      counts: countsOf(d as unknown as Record<string, unknown>),
      definitions: d,
    };
  });

  async function requireMember(request: FastifyRequest): Promise<Member> {
    const member = await memberOf(team, clock, request);
    if (!member) throw unauthorized('session (sign in)');
    return member;
  }
}

function countsOf(definitions: Record<string, unknown>): Record<string, number> {
  const counts: Record<string, number> = Object.create(null);
  for (const [key, value] of Object.entries(definitions)) {
    if (Array.isArray(value)) counts[key] = value.length;
    else if (isPlainObject(value)) counts[key] = Object.keys(value).length;
  }
  return counts;
}

function refuseCrossOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, request)) {
    throw new HttpError(403, 'csrf', 'refused: cross-origin request');
  }
}

function refuseForgery(request: FastifyRequest, member: Member): void {
  const problem = forgeryProblem(request, member);
  if (problem) throw new HttpError(403, 'csrf', `refused: ${problem}`);
}

function credentials(body: unknown, checkStrength: boolean): { email: string; password: string } {
  if (!isPlainObject(body)) throw badRequest([{ field: '', message: 'expected a JSON object' }]);
  const errors: FieldError[] = [];
  const { email, password } = body;
  const emailIssue = typeof email === 'string' ? emailProblem(email) : 'expected a string';
  if (emailIssue) errors.push({ field: 'email', message: emailIssue });
  if (typeof password !== 'string' || password === '') {
    errors.push({ field: 'password', message: 'expected a non-empty string' });
  } else if (checkStrength) {
    const issue = passwordProblem(password);
    if (issue) errors.push({ field: 'password', message: issue });
  }
  if (errors.length) throw badRequest(errors);
  return { email: normalEmail(email as string), password: password as string };
}
