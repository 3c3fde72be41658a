import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../server.js';
import { preferenceRoutes } from './preferences.js';
import { trackingRoutes } from './tracking.js';
import { unsubscribeRoutes } from './unsubscribe.js';
import { viewInBrowserRoutes } from './view-in-browser.js';

/**
 * The public routes behind the signed links in messages (`/l/…`, see consent/link-routes.ts):
 * no key, the token is the authority. Each group is its own plugin, so the form parsers the
 * unsubscribe and preference pages add stay theirs.
 */
export async function linkRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  await app.register(unsubscribeRoutes, { deps });
  await app.register(preferenceRoutes, { deps });
  await app.register(viewInBrowserRoutes, { deps });
  await app.register(trackingRoutes, { deps });
}
