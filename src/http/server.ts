import helmet from '@fastify/helmet';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createGunzip, createInflate } from 'node:zlib';
import type { Clock } from '../core/clock.js';
import type { IngestWriter } from '../runtime/ingest-writer.js';
import type { Store } from '../store/store.js';
import type { AnalysisRunner } from './analyses/runner.js';
import { AnswerCache, DEFAULT_KEEP_WARM_MS } from './answer-cache.js';
import { errorHandler } from './error-handler.js';
import { registerApiDocument } from './api-document.js';
import { adminRouteSchema } from './route-schema.js';
import { documentOnlySchemas } from './schema-checks.js';
import { OneLinePerRequest } from './request-log.js';
import { refuseNul } from './refuse-nul.js';
import { accountRoutes } from './routes/accounts.js';
import { deadLetterRoutes } from './routes/dead-letters.js';
import { healthRoutes } from './routes/health.js';
import { inappRoutes } from './routes/inapp.js';
import { analyticsRoutes } from './routes/analytics.js';
import { liftRoutes } from './routes/lift.js';
import { signalRoutes } from './routes/signals.js';
import { signalUserRoutes } from './routes/signal-users.js';
import { STANDING_ANSWERS } from '../dashboard/page-answers.js';
import { inboundRoutes } from './routes/inbound.js';
import { ingestRoutes } from './routes/ingest.js';
import { journeyRoutes } from './routes/journeys.js';
import { linkRoutes } from './routes/links.js';
import { messageRoutes } from './routes/messages.js';
import { openapiRoutes } from './routes/openapi.js';
import { outboxRoutes } from './routes/outbox.js';
import { progressRoutes } from './routes/progress.js';
import { reportRoutes } from './routes/reports.js';
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
import { DEFAULT_LIMITS, type Limits } from '../config/limits.js';
import type { LinkLifetimes } from '../config/link-lifetimes.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { PreviousSecret } from '../keys/secret-ring.js';
import { registerRateLimits } from './rate-limits.js';
import { registerApiAccess } from '../dashboard/api-access.js';
import { registerDashboard } from '../dashboard/routes.js';

export interface ServerDeps {
  store: Store;
  writer: IngestWriter;
  workspace: Workspace;
  clock: Clock;
  /** Checks the public and server write keys and the admin key (keys/key-ring.ts). */
  keys: KeyRing;
  version: string;
  /** Signs and checks the links in messages (unsubscribe, preferences, view, open, click). */
  workspaceSecret: string;
  /** Secrets replaced by a rotation, still accepted on links and user hashes for a while. */
  previousSecrets?: PreviousSecret[];
  /** Rate limits, timeouts, connection cap; default DEFAULT_LIMITS. */
  limits?: Limits;
  /** How long links in messages work; default DEFAULT_LINK_LIFETIMES. */
  linkLifetimes?: LinkLifetimes;
  /** Opens and clicks are recorded (CAIRN_TRACKING, on unless `off`); default on. */
  tracking?: boolean;
  /** The dev outbox folder; absent or null when email goes out over SMTP. */
  outboxDir?: string | null;
  /** The compiled templates, for previews and the in-app inbox; absent: every template is
   * unknown. */
  templates?: PreviewSource;
  /** Browser origins allowed to call the in-app API (CAIRN_INAPP_ORIGINS); default any. */
  inappOrigins?: AllowedOrigins;
  /** Browser origins allowed to send events to /v1/* (CAIRN_INGEST_ORIGINS); default any. */
  ingestOrigins?: AllowedOrigins;
  logger?: FastifyBaseLogger;
  /** Where the analyses are computed (src/http/analyses); default: on `store`, in this process.
   * Its owner closes it after the app. */
  analyses?: AnalysisRunner;
  /** How long an analysis answer is reused (CAIRN_ANALYSIS_MAX_AGE_SECONDS); absent or 0: every
   * request computes its answer (the test apps, where a write is read back at once). */
  analysisMaxAgeSeconds?: number;
  /** Compute every dashboard page's first answers in the background once the app is ready, and
   * keep them warm (`cairn serve`; src/dashboard/page-answers.ts). */
  warmAnswers?: boolean;
}

/** Builds the HTTP app without opening a port: tests use `app.inject`, `serve` calls listen. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    logController: new OneLinePerRequest(),
    bodyLimit: 1024 * 1024,
    // Signed link tokens are path parameters (/l/u/<token>), past the default 100 characters;
    // a click token carries its destination URL.
    routerOptions: { maxParamLength: 4096 },
    // A request whose headers or body stall (a Content-Length larger than what is sent) is
    // answered 408 and its connection closed, instead of holding a socket forever. Node checks
    // the deadlines every `connectionsCheckingInterval`, so that is kept well below them.
    requestTimeout: limits.requestTimeoutMs,
    // A hop count trusts that many proxies nearest to Cairn.
    trustProxy:
      typeof limits.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(limits.trustProxy)
        : limits.trustProxy,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1000, Math.floor(limits.headersTimeoutMs / 4)),
      ),
    },
  });
  if (limits.maxConnections > 0) app.server.maxConnections = limits.maxConnections;
  app.setErrorHandler(errorHandler);
  // Route schemas document the API (/api/openapi.json) and refuse undeclared query parameters;
  // handlers check values (schema-checks.ts). Registered before any route, to see every one.
  documentOnlySchemas(app);
  await registerApiDocument(app, deps.version);
  app.addHook('preValidation', refuseNul);
  // Security headers on every answer. No global Content-Security-Policy: the pages and the
  // email shown in a browser set their own, and JSON needs none. Cross-origin resource policy
  // is `cross-origin`: the widget script and the open pixel are loaded by other sites.
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  const limitPerKey = await registerRateLimits(app, limits);

  // Compressed bodies come from several SDKs (ingest reads JSON whatever its label: ingest-body.ts).
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== 'gzip' && encoding !== 'deflate') return payload;
    // Fastify checks Content-Length against the bytes received, so the decoded stream reports
    // how many encoded bytes went in; the body limit applies to the decoded size.
    const decoded = Object.assign(encoding === 'gzip' ? createGunzip() : createInflate(), {
      receivedEncodedLength: 0,
    });
    payload.on('data', (chunk: Buffer) => (decoded.receivedEncodedLength += chunk.length));
    // A route that refuses the request before reading its body (a 415, a 401) never listens for
    // the decoder's errors; bad gzip data must not then surface as an uncaught exception. Where
    // the body is read, Fastify's own listener still receives the error and answers 400.
    decoded.on('error', () => {});
    return payload.pipe(decoded);
  });

  await app.register(ingestRoutes, { deps, limitPerKey });
  await app.register(healthRoutes, { deps });
  await app.register(openapiRoutes);
  await app.register(linkRoutes, { deps });
  // The end-user side: what products' pages call, as their signed-in user (routes/inapp.ts).
  await app.register(inappRoutes, { deps, prefix: '/v1/inapp' });
  await app.register(widgetRoutes);
  await registerDashboard(app, deps);
  const answers = analysisAnswers(app, deps);
  await app.register(
    async (admin) => {
      registerApiAccess(admin, deps.store.team, deps.clock, adminAuth(deps.keys, limitPerKey));
      // Every admin route: the admin key, and no query parameters unless it declares them.
      admin.addHook('onRoute', (route) => {
        route.schema = adminRouteSchema(route.schema);
      });
      await admin.register(userRoutes, { deps, answers });
      await admin.register(accountRoutes, { deps });
      await admin.register(stateRoutes, { deps });
      await admin.register(progressRoutes, { deps });
      await admin.register(reportRoutes, { deps });
      await admin.register(journeyRoutes, { deps, answers });
      await admin.register(userJourneyRoutes, { deps });
      await admin.register(messageRoutes, { deps });
      await admin.register(userConsentRoutes, { deps });
      await admin.register(userDataRoutes, { deps });
      await admin.register(outboxRoutes, { deps });
      await admin.register(templateRoutes, { deps });
      await admin.register(inboundRoutes, { deps });
      await admin.register(deadLetterRoutes, { deps });
      await admin.register(analyticsRoutes, { deps, answers });
      await admin.register(liftRoutes, { deps, answers });
      await admin.register(signalRoutes, { deps, answers });
      await admin.register(signalUserRoutes, { deps, answers });
    },
    { prefix: '/api' },
  );
  return app;
}

/**
 * The analysis routes' answer cache (answer-cache.ts), dropped when the definitions are
 * replaced, and its refresh-ahead tick: every few seconds, the answers requested lately that are
 * about to expire are recomputed, one at a time. The tick stops with the app.
 */
function analysisAnswers(app: FastifyInstance, deps: ServerDeps): AnswerCache {
  const answers = new AnswerCache({
    clock: deps.clock,
    maxAgeSeconds: deps.analysisMaxAgeSeconds ?? 0,
    generation: () => deps.workspace.definitions,
    onRefreshError: (key, error) =>
      deps.logger?.warn({ err: error, answer: key }, 'background recomputation failed'),
  });
  if (answers.maxAgeMs === 0) return answers;
  // `cairn serve` computes every dashboard page's first answers at start, in the background, and
  // keeps them warm while the dashboard is in use (src/dashboard/page-answers.ts).
  if (deps.warmAnswers) {
    app.addHook('onReady', async () => {
      if (!deps.workspace.definitions) return;
      const started = { wall: performance.now(), cpu: process.cpuUsage() };
      void answers.keepWarm(STANDING_ANSWERS).then((done) => {
        const cpu = process.cpuUsage(started.cpu);
        deps.logger?.info(
          {
            answers: done.map((d) => `${d.key} ${Math.round(d.ms)} ms${d.ok ? '' : ' (failed)'}`),
            wallMs: Math.round(performance.now() - started.wall),
            cpuMs: Math.round((cpu.user + cpu.system) / 1000),
          },
          `dashboard answers computed; kept warm while the dashboard is in use (any answer asked for in the last ${DEFAULT_KEEP_WARM_MS / 60_000} minutes)`,
        );
      });
    });
  }
  const tick = setInterval(
    () => void answers.refreshDue(),
    Math.max(1000, Math.min(5000, answers.leadMs / 3)),
  );
  tick.unref();
  app.addHook('onClose', async () => {
    clearInterval(tick);
    answers.stop();
    await answers.settled();
  });
  return answers;
}
