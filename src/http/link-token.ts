import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyToken, type TokenClaims, type TokenPurpose } from '../consent/signed-token.js';
import { html, sendPage } from './link-page.js';
import type { ServerDeps } from './server.js';

/**
 * The claims of the token in `:token`, or null after answering 400 with a page that says what is
 * wrong. Nothing is written for a refused token. The page does not echo the token or its claims:
 * a tampered token's contents are not ours to show.
 */
export function linkClaims(
  deps: ServerDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  purpose: TokenPurpose,
): TokenClaims | null {
  const { token } = request.params as { token: string };
  const check = verifyToken(deps.workspaceSecret, token, purpose, deps.clock.now());
  if (check.ok) return check.claims;
  const expired = check.reason === 'expired';
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
  return null;
}

/** The product's name from cairn.yaml, shown on public pages. */
export function productName(deps: ServerDeps): string {
  return deps.workspace.definitions?.definitions.name ?? 'Cairn';
}
