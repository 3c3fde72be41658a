import type { FastifyInstance, FastifyReply } from 'fastify';
import { LINK_ROUTES } from '../../consent/link-routes.js';
import type { TokenClaims } from '../../consent/signed-token.js';
import { html, sendPage } from '../link-page.js';
import { linkClaims, productName } from '../link-token.js';
import type { ServerDeps } from '../server.js';
import { html as htmlAnswer } from '../route-schema.js';
import { linkSchema } from '../schemas/links.js';

const SCHEMA = linkSchema({
  summary: 'View the email in a browser: the copy kept when it was sent',
  ok: htmlAnswer("The email's HTML as sent"),
  answers: {
    404: htmlAnswer('Not an email, or its copy is no longer kept (the link expired with it)'),
  },
});

/**
 * `GET /l/v/:token`: the "view in browser" link of an email. It shows the copy of the email
 * kept when it was sent (store: message_copies), so the page says what the recipient received:
 * a profile changed since, or a forwarded email opened months later, shows nothing newer. The
 * link expires with the other message links (CAIRN_LINK_DAYS), and the copy is dropped then.
 * A valid token whose copy is not there (not an email, sent before copies were kept, or dropped)
 * is answered 404 with a page saying so.
 */
export async function viewInBrowserRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  app.get(`${LINK_ROUTES.view}:token`, { schema: SCHEMA }, async (request, reply) => {
    const claims = await linkClaims(deps, request, reply, 'message', 'message');
    if (!claims) return reply;
    const copy = await sentCopy(deps, claims);
    if (copy === null) return notShown(deps, reply);
    return reply
      .headers({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-robots-tag': 'noindex, nofollow',
        'x-content-type-options': 'nosniff',
        // An email's own HTML: its images and inline styles, never a script.
        'content-security-policy':
          "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; font-src https: data:; frame-ancestors 'none'",
      })
      .send(copy);
  });
}

async function sentCopy(deps: ServerDeps, claims: TokenClaims): Promise<string | null> {
  if (!claims.messageKey) return null;
  const copy = await deps.store.getMessageCopy(claims.messageKey);
  if (!copy) return null;
  // The message must be the token holder's own (a merge may have moved it to another profile id).
  const holder = (await deps.store.resolveProfileId(claims.userId)) ?? claims.userId;
  const message = await deps.store.getMessage(claims.messageKey);
  const owner = message?.profileId ?? copy.profileId;
  if (owner !== holder && owner !== claims.userId) return null;
  return copy.html;
}

function notShown(deps: ServerDeps, reply: FastifyReply) {
  return sendPage(reply, 404, {
    title: 'This message cannot be shown here',
    product: productName(deps),
    body: html(
      '<p>This email can no longer be shown in a browser. The copy in your inbox is as it was sent.</p>',
    ),
  });
}
