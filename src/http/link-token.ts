import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LINK_LIFETIMES } from '../config/link-lifetimes.js';
import { verifyToken, type TokenClaims, type TokenPurpose } from '../consent/signed-token.js';
import { verifyingSecrets } from '../keys/secret-ring.js';
import { html, sendPage } from './link-page.js';
import type { ServerDeps } from './server.js';

/**
 * Which lifetime a link has (config/link-lifetimes.ts): `unsubscribe` for the unsubscribe and
 * preference links, which must keep working longest; `message` for the others.
 */
export type LinkKind = 'unsubscribe' | 'message';

export type LinkCheck =
  | { ok: true; claims: TokenClaims }
  /** `claims` absent when the token's own expiry (`expiresAt`) has passed. */
  | { ok: false; reason: 'expired'; claims?: TokenClaims }
  | { ok: false; reason: 'invalid' };

/**
 * Checks the token in `:token`: its signature (made with the workspace secret, or one replaced
 * less than a grace period ago), its purpose, and its age against the lifetime of its kind of
 * link. The age counts from its message's creation, as the delivery log has it (the token
 * itself stays what it always was, so a preview signs the same links as the send); a message
 * gone from the log (erased) leaves the link unexpired, which then shows or changes nothing of
 * it.
 */
export async function checkLink(
  deps: ServerDeps,
  request: FastifyRequest,
  purpose: TokenPurpose,
  kind: LinkKind,
): Promise<LinkCheck> {
  const { token } = request.params as { token: string };
  const now = deps.clock.now();
  const secrets = verifyingSecrets(deps.workspaceSecret, deps.previousSecrets, now);
  const check = verifyToken(secrets, token, purpose, now);
  if (!check.ok) return { ok: false, reason: check.reason === 'expired' ? 'expired' : 'invalid' };
  const { claims } = check;
  const lifetimes = deps.linkLifetimes ?? DEFAULT_LINK_LIFETIMES;
  const lifetime = kind === 'unsubscribe' ? lifetimes.unsubscribeMs : lifetimes.messageMs;
  const issuedAt =
    claims.issuedAt ??
    (claims.messageKey ? (await deps.store.getMessage(claims.messageKey))?.createdAt : undefined);
  if (issuedAt !== undefined && now >= issuedAt + lifetime) {
    return { ok: false, reason: 'expired', claims };
  }
  return { ok: true, claims };
}

/**
 * The claims of the token in `:token`, or null after answering 400 with a page that says what is
 * wrong. Nothing is written for a refused token. The page does not echo the token or its claims:
 * a tampered token's contents are not ours to show.
 */
export async function linkClaims(
  deps: ServerDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  purpose: TokenPurpose,
  kind: LinkKind,
): Promise<TokenClaims | null> {
  const check = await checkLink(deps, request, purpose, kind);
  if (check.ok) return check.claims;
  sendLinkRefused(deps, reply, check.reason === 'expired');
  return null;
}

export function sendLinkRefused(deps: ServerDeps, reply: FastifyReply, expired: boolean): void {
  sendPage(reply, 400, {
    title: expired ? 'This link has expired' : 'This link is not valid',
    product: productName(deps),
    body: html(
      expired
        ? '<p>The link you followed is no longer valid. Use the link in a more recent email, or contact us.</p>'
        : '<p>The link you followed is incomplete or was changed. Open it again from the email, ' +
            'or copy the whole address if your email program split it over two lines.</p>',
    ),
  });
}

/** The product's name from cairn.yaml, shown on public pages. */
export function productName(deps: ServerDeps): string {
  return deps.workspace.definitions?.definitions.name ?? 'Cairn';
}
