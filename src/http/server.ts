import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createGunzip, createInflate } from 'node:zlib';
import type { Clock } from '../core/clock.js';
import type { IngestWriter } from '../runtime/ingest-writer.js';
import type { Store } from '../store/store.js';
import { errorHandler } from './error-handler.js';
import { accountRoutes } from './routes/accounts.js';
import { healthRoutes } from './routes/health.js';
import { inappRoutes } from './routes/inapp.js';
import { analyticsRoutes } from './routes/analytics.js';
import { inboundRoutes } from './routes/inbound.js';
import { ingestRoutes } from './routes/ingest.js';
import { journeyRoutes } from './routes/journeys.js';
import { linkRoutes } from './routes/links.js';
import { messageRoutes } from './routes/messages.js';
import { openapiRoutes } from './routes/openapi.js';
import { outboxRoutes } from './routes/outbox.js';
import { stateRoutes } from './routes/state.js';
import { templateRoutes } from './routes/templates.js';
import { userConsentRoutes } from './routes/user-consent.js';
import { userDataRoutes } from './routes/user-data.js';
import { userJourneyRoutes } from './routes/user-journeys.js';
import { userRoutes } from './routes/users.js';
import { widgetRoutes } from './routes/widget.js';
import type { AllowedOrigins } from '../config/inapp-origins.js';
import type { PreviewSource } from '../runtime/delivery/template-preview.js';
import type { Workspace } from '../runtime/workspace.js';
import { adminAuth } from './admin-auth.js';
import { registerApiAccess } from '../dashboard/api-access.js';
import { registerDashboard } from '../dashboard/routes.js';

export interface ServerDeps {
  store: Store;
  writer: IngestWriter;
  workspace: Workspace;
  clock: Clock;
  writeKey: string;
  adminKey: string;
  version: string;
  /** Signs and checks the links in messages (unsubscribe, preferences, view, open, click). */
  workspaceSecret: string;
  /** Opens and clicks are recorded (CAIRN_TRACKING, on unless `off`); default on. */
  tracking?: boolean;
  /** The dev outbox folder; absent or null when email goes out over SMTP. */
  outboxDir?: string | null;
  /** The compiled templates, for previews and the in-app inbox; absent: every template is
   * unknown. */
  templates?: PreviewSource;
  /** Browser origins allowed to call the in-app API (CAIRN_INAPP_ORIGINS); default any. */
  inappOrigins?: AllowedOrigins;
  logger?: FastifyBaseLogger;
}

/** Builds the HTTP app without opening a port: tests use `app.inject`, `serve` calls listen. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    // Signed link tokens are path parameters (/l/u/<token>), past the default 100 characters;
    // a click token carries its destination URL.
    routerOptions: { maxParamLength: 4096 },
  });
  app.setErrorHandler(errorHandler);

  // Browser beacons post JSON as text/plain; compressed bodies come from several SDKs.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== 'gzip' && encoding !== 'deflate') return payload;
    // Fastify checks Content-Length against the bytes received, so the decoded stream reports
    // how many encoded bytes went in; the body limit applies to the decoded size.
    const decoded = Object.assign(encoding === 'gzip' ? createGunzip() : createInflate(), {
      receivedEncodedLength: 0,
    });
    payload.on('data', (chunk: Buffer) => (decoded.receivedEncodedLength += chunk.length));
    return payload.pipe(decoded);
  });

  await app.register(ingestRoutes, { deps });
  await app.register(healthRoutes, { deps });
  await app.register(openapiRoutes);
  await app.register(linkRoutes, { deps });
  // The end-user side: what products' pages call, as their signed-in user (routes/inapp.ts).
  await app.register(inappRoutes, { deps, prefix: '/v1/inapp' });
  await app.register(widgetRoutes);
  await registerDashboard(app, deps);
  await app.register(
    async (admin) => {
      registerApiAccess(admin, deps.store.team, deps.clock, adminAuth(deps.adminKey));
      await admin.register(userRoutes, { deps });
      await admin.register(accountRoutes, { deps });
      await admin.register(stateRoutes, { deps });
      await admin.register(journeyRoutes, { deps });
      await admin.register(userJourneyRoutes, { deps });
      await admin.register(messageRoutes, { deps });
      await admin.register(userConsentRoutes, { deps });
      await admin.register(userDataRoutes, { deps });
      await admin.register(outboxRoutes, { deps });
      await admin.register(templateRoutes, { deps });
      await admin.register(inboundRoutes, { deps });
      await admin.register(analyticsRoutes, { deps });
    },
    { prefix: '/api' },
  );
  return app;
}
