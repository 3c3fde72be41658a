import type { FastifyInstance } from 'fastify';
import { LINK_ROUTES } from '../../consent/link-routes.js';
import { html, sendPage } from '../link-page.js';
import { linkClaims, productName } from '../link-token.js';
import type { ServerDeps } from '../server.js';

/**
 * `GET /l/v/:token`: the message's "view in browser" link. Showing the message again means
 * rendering its template for the user as the dispatcher did, which needs the compiled templates
 * of the delivery side; the HTTP server is not given them yet. Until it is, a valid link answers
 * 404 with a page that says so, and a bad one 400 like every signed link.
 */
export async function viewInBrowserRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  app.get(`${LINK_ROUTES.view}:token`, async (request, reply) => {
    const claims = linkClaims(deps, request, reply, 'message');
    if (!claims) return reply;
    return sendPage(reply, 404, {
      title: 'This message cannot be shown here',
      product: productName(deps),
      body: html(
        '<p>Viewing emails in a browser is not available yet. The message is in your inbox as it was sent.</p>',
      ),
    });
  });
}
