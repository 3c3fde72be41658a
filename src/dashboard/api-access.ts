import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.js';
import { HttpError } from '../http/http-error.js';
import type { TeamStore } from '../store/team-store.js';
import { forgeryProblem, isSafeMethod, memberOf, type Member } from './sessions.js';

const actors = new WeakMap<FastifyRequest, string>();

/**
 * Who may call the admin API: the admin key as a Bearer token (scripts, as before), or a
 * signed-in team member's session cookie (the dashboard). A member's state-changing request
 * needs the anti-forgery token, and only admins may change anything: viewers read. Every
 * state-changing request that got past this check is written to the audit log with its actor
 * and outcome.
 */
export function registerApiAccess(
  admin: FastifyInstance,
  team: TeamStore,
  clock: Clock,
  keyCheck: (request: FastifyRequest) => Promise<void>,
): void {
  admin.addHook('onRequest', async (request) => {
    const member = request.headers.authorization ? null : await memberOf(team, clock, request);
    if (!member) {
      await keyCheck(request);
      actors.set(request, 'key:admin');
      return;
    }
    checkMemberMay(request, member);
    actors.set(request, `member:${member.email}`);
  });
  // Before the answer leaves: a client told "done" finds its action in the log.
  admin.addHook('onSend', async (request, reply, payload) => {
    const actor = actors.get(request);
    if (!actor || isSafeMethod(request.method)) return payload;
    await team.appendAudit({
      at: clock.now(),
      actor,
      action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      target: targetOf(request),
      status: reply.statusCode,
    });
    return payload;
  });
}

export function checkMemberMay(request: FastifyRequest, member: Member): void {
  if (isSafeMethod(request.method)) return;
  const forgery = forgeryProblem(request, member);
  if (forgery) throw new HttpError(403, 'csrf', `refused: ${forgery}`);
  // A template preview is a POST that changes nothing.
  const readOnly = request.routeOptions.url?.endsWith('/preview') === true;
  if (member.role !== 'admin' && !readOnly) {
    throw new HttpError(403, 'forbidden', 'a viewer can read but not change anything');
  }
}

/**
 * The object acted on, for the log: the path, except where it names an end user (erasure
 * must leave no row that holds their id, and the log outlives it): then only the route.
 */
function targetOf(request: FastifyRequest): string | null {
  const path = request.url.split('?')[0] ?? '';
  return path.startsWith('/api/users/') ? null : path;
}
