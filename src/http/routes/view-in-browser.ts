import type { FastifyInstance, FastifyReply } from 'fastify';
import { buildLinks } from '../../consent/build-links.js';
import { LINK_ROUTES } from '../../consent/link-routes.js';
import type { TokenClaims } from '../../consent/signed-token.js';
import {
  messageRenderContext,
  type MessageTrigger,
} from '../../runtime/delivery/message-render-context.js';
import { html, sendPage } from '../link-page.js';
import { linkClaims, productName } from '../link-token.js';
import type { ServerDeps } from '../server.js';

/**
 * `GET /l/v/:token`: the "view in browser" link of an email. The message is rendered again from
 * its template, for its recipient, with the same variables the dispatcher builds (the trigger
 * it quotes, the user's state now) and the same links, since they derive from the same token.
 * It is a fresh render, not a stored copy: a profile that changed since shows its new values.
 * A valid token for a message that cannot be shown (not an email, gone from the log, a template
 * since removed, no templates loaded) is answered 404 with a page saying so.
 */
export async function viewInBrowserRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  app.get(`${LINK_ROUTES.view}:token`, async (request, reply) => {
    const claims = linkClaims(deps, request, reply, 'message');
    if (!claims) return reply;
    const rendered = await renderAgain(deps, claims);
    if (rendered === null) return notShown(deps, reply);
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
      .send(rendered);
  });
}

async function renderAgain(deps: ServerDeps, claims: TokenClaims): Promise<string | null> {
  const { store, templates } = deps;
  const definitions = deps.workspace.definitions;
  if (!templates || !definitions || !claims.messageKey) return null;
  const message = await store.getMessage(claims.messageKey);
  if (!message || message.channel !== 'email') return null;
  // The message must be the token holder's own (a merge may have moved it to another profile id).
  const holder = (await store.resolveProfileId(claims.userId)) ?? claims.userId;
  if (message.profileId !== holder && message.profileId !== claims.userId) return null;
  const profile = await store.getProfile(message.profileId);
  if (!profile) return null;
  const account = profile.accounts[0] ? await store.getAccount(profile.accounts[0]) : null;
  const context = messageRenderContext({
    profile,
    account,
    definitions,
    now: deps.clock.now(),
    trigger: (message.payload.trigger as MessageTrigger | undefined) ?? null,
    journeyId: message.journeyId,
    createdAt: message.createdAt,
    links: buildLinks(templates.links, {
      userId: claims.userId,
      messageKey: claims.messageKey,
      topic: claims.topic ?? null,
    }),
    workspaceName: templates.workspaceName,
  });
  try {
    return templates.renderer.renderEmail(message.template, context).html;
  } catch {
    // A template removed or changed since the message was sent: nothing faithful to show.
    return null;
  }
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
