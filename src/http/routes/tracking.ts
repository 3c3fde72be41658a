import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LINK_ROUTES } from '../../consent/link-routes.js';
import type { TokenClaims } from '../../consent/signed-token.js';
import type { JsonObject } from '../../core/types.js';
import { ENGAGEMENT_EVENTS } from '../../runtime/consent/engagement-event.js';
import {
  clickedEventId,
  engagementForMessage,
  openedEventId,
} from '../../runtime/consent/engagement-for-message.js';
import { escapeHtml, html, sendPage } from '../link-page.js';
import { checkLink, linkClaims, productName, sendLinkRefused } from '../link-token.js';
import type { ServerDeps } from '../server.js';
import { linkSchema } from '../schemas/links.js';

const OPEN = linkSchema({
  summary: 'Open pixel: records `Email Opened` (first open of a message) unless tracking is off',
  ok: {
    description: 'A 1×1 GIF, never cached',
    content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } },
  },
});

const CLICK = linkSchema({
  summary:
    'Tracked link: records `Email Clicked` with the url (once per link and message), then redirects',
  token: 'click',
  ok: {
    status: 302,
    description: 'To the destination signed in the token',
    headers: { location: { schema: { type: 'string', format: 'uri' } } },
  },
});

/**
 * Engagement tracking, on unless CAIRN_TRACKING=off:
 *
 *   GET /l/o/:token   the open pixel (a message token): a 1×1 GIF, never cached
 *   GET /l/c/:token   a tracked link (a click token): 302 to the destination signed inside it
 *
 * Each becomes an internal event in the user's log through the ingest path, so it counts on the
 * profile and can start a journey: `Email Opened` once per message (the first open; later ones,
 * and the image proxies that fetch every image on delivery, add nothing) and `Email Clicked`
 * with the `url`, once per link per message. With tracking off both still answer — emails
 * already sent keep working — and nothing is recorded. A bad or tampered token is answered 400
 * and records nothing; the redirect only ever goes to a URL a message was signed with, so it is
 * never an open redirect. A HEAD request (link checkers, some scanners) is answered like a GET
 * and records nothing.
 */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export async function trackingRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const tracking = deps.tracking ?? true;

  app.get(`${LINK_ROUTES.open}:token`, { schema: OPEN }, async (request, reply) => {
    const claims = await linkClaims(deps, request, reply, 'message', 'message');
    if (!claims) return reply;
    if (tracking && claims.messageKey && request.method === 'GET')
      await record(
        deps,
        request,
        claims,
        ENGAGEMENT_EVENTS.opened,
        openedEventId(claims.messageKey),
        {},
      );
    return reply
      .headers({
        'content-type': 'image/gif',
        'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
        pragma: 'no-cache',
        expires: '0',
        'referrer-policy': 'no-referrer',
      })
      .send(PIXEL);
  });

  app.get(`${LINK_ROUTES.click}:token`, { schema: CLICK }, async (request, reply) => {
    const check = await checkLink(deps, request, 'click', 'message');
    if (!check.ok) {
      // An expired click link records nothing and redirects nowhere by itself, but the page it
      // led to is the product's, not private: it is offered as a plain link.
      const url = check.reason === 'expired' ? check.claims?.url : undefined;
      if (!url || !/^https?:\/\//i.test(url)) {
        sendLinkRefused(deps, reply, check.reason === 'expired');
        return reply;
      }
      return sendPage(reply, 400, {
        title: 'This link has expired',
        product: productName(deps),
        body: html(
          `<p>This link from an email has expired. The page it led to: <a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(url)}</a></p>`,
        ),
      });
    }
    const { claims } = check;
    const url = claims.url;
    // clickLink signs only http(s) URLs; checked again, so no signed token can ever send a
    // browser to javascript: or data:.
    if (!url || !/^https?:\/\//i.test(url)) {
      return sendPage(reply, 400, {
        title: 'This link is not valid',
        product: productName(deps),
        body: html('<p>This link has no web address to open.</p>'),
      });
    }
    if (tracking && claims.messageKey && request.method === 'GET') {
      await record(
        deps,
        request,
        claims,
        ENGAGEMENT_EVENTS.clicked,
        clickedEventId(claims.messageKey, url),
        { url },
      );
    }
    return reply
      .status(302)
      .headers({ location: url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
      .send();
  });
}

/**
 * Records one engagement event for the token's user, with what the delivery log knows of the
 * message. A failure to record is logged, not shown: the reader still gets the image or the page.
 */
async function record(
  deps: ServerDeps,
  request: FastifyRequest,
  claims: TokenClaims,
  name: string,
  messageId: string,
  properties: JsonObject,
): Promise<void> {
  try {
    const now = deps.clock.now();
    const event = await engagementForMessage(deps.store, claims, name, messageId, properties, now);
    if (event) await deps.writer.submit([event]);
  } catch (error) {
    request.log.warn({ err: error, event: name }, 'engagement event not recorded');
  }
}
