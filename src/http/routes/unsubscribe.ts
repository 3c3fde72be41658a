import type { FastifyInstance } from 'fastify';
import { LINK_ROUTES } from '../../consent/link-routes.js';
import type { TokenClaims } from '../../consent/signed-token.js';
import { topicLabel } from '../../definitions/index.js';
import { unsubscribeRecipient } from '../../runtime/consent/unsubscribe-recipient.js';
import { acceptForms, formFields } from '../form-body.js';
import { escapeHtml, html, sendPage } from '../link-page.js';
import { linkClaims, productName } from '../link-token.js';
import type { ServerDeps } from '../server.js';
import { html as htmlAnswer } from '../route-schema.js';
import { form, linkSchema } from '../schemas/links.js';

const PAGE = linkSchema({
  summary:
    'Unsubscribe confirmation page with one button (a GET never unsubscribes: scanners follow links)',
  ok: htmlAnswer('The confirmation page'),
});

const ONE_CLICK = linkSchema({
  summary:
    "RFC 8058 one-click unsubscribe: leaves the message's topic, or all marketing when it has none",
  body: form({ type: 'object', properties: { 'List-Unsubscribe': { const: 'One-Click' } } }),
  ok: htmlAnswer('Unsubscribed (also when already unsubscribed)'),
});

/**
 * The unsubscribe link of every marketing email (`links.unsubscribe`, List-Unsubscribe):
 *
 *   GET  /l/u/:token   a confirmation page with one button; a GET never unsubscribes, because
 *                      mail scanners and link previews follow links
 *   POST /l/u/:token   RFC 8058 one-click unsubscribe: body `List-Unsubscribe=One-Click`
 *                      (form-urlencoded or multipart), no login; 200 with a short page
 *
 * Either leaves the message's topic, or all marketing when the message has none. The token is
 * the message token (signed-token.ts); a bad or expired one is answered 400 and writes nothing.
 */
const PATH = `${LINK_ROUTES.unsubscribe}:token`;

/** Set by the confirmation page's form, so the event tells the page from a mail client's POST. */
const FROM_PAGE = 'page';

export async function unsubscribeRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  await acceptForms(app);

  app.get(PATH, { schema: PAGE }, async (request, reply) => {
    const claims = await linkClaims(deps, request, reply, 'message', 'unsubscribe');
    if (!claims) return reply;
    const what = escapeHtml(leaving(deps, claims));
    return sendPage(reply, 200, {
      title: 'Unsubscribe',
      product: productName(deps),
      body: html(`<p>Stop receiving ${what} from ${escapeHtml(productName(deps))}?</p>
<form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<input type="hidden" name="via" value="${FROM_PAGE}">
<button type="submit">Unsubscribe</button>
</form>
<p><small>Receipts and account messages still arrive.
<a href="../p/${encodeURIComponent(tokenOf(request))}">Choose which emails you receive</a>.</small></p>`),
    });
  });

  app.post(PATH, { schema: ONE_CLICK }, async (request, reply) => {
    const claims = await linkClaims(deps, request, reply, 'message', 'unsubscribe');
    if (!claims) return reply;
    const fields = formFields(request);
    const via = fields.via?.[0] === FROM_PAGE ? 'unsubscribe_page' : 'one_click';
    await unsubscribeRecipient(deps.store, deps.workspace, claims, via, deps.clock.now());
    return sendPage(reply, 200, {
      title: 'You are unsubscribed',
      product: productName(deps),
      body: html(`<p class="status" role="status">You will no longer receive ${escapeHtml(
        leaving(deps, claims),
      )}.</p>
<p><small>Changed your mind, or want fewer emails rather than none?
<a href="../p/${encodeURIComponent(tokenOf(request))}">Manage your email preferences</a>.</small></p>`),
    });
  });
}

/** What the link leaves, in words: `"Product tips" emails` or `marketing emails`. */
function leaving(deps: ServerDeps, claims: TokenClaims): string {
  if (!claims.topic) return 'marketing emails';
  const topic = deps.workspace.definitions?.definitions.topics[claims.topic];
  return `“${topicLabel(claims.topic, topic)}” emails`;
}

function tokenOf(request: { params: unknown }): string {
  return (request.params as { token: string }).token;
}
