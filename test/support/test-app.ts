import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AnalysisRunner } from '../../src/http/analyses/runner.js';
import type { Limits } from '../../src/config/limits.js';
import type { LinkLifetimes } from '../../src/config/link-lifetimes.js';
import { KeyRing } from '../../src/keys/key-ring.js';
import type { PreviousSecret } from '../../src/keys/secret-ring.js';
import type { AllowedOrigins } from '../../src/config/inapp-origins.js';
import { FakeClock } from '../../src/core/clock.js';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import { buildServer } from '../../src/http/server.js';
import type { PreviewSource } from '../../src/runtime/delivery/template-preview.js';
import { IngestWriter, type IngestWriterOptions } from '../../src/runtime/ingest-writer.js';
import { Workspace } from '../../src/runtime/workspace.js';
import type { Store } from '../../src/store/store.js';

/** The public write key: what a browser holds. */
export const WRITE_KEY = 'wk_test';
/** The server write key: what a backend holds (alias, contact points). */
export const SERVER_WRITE_KEY = 'sk_test';
export const ADMIN_KEY = 'ak_test';
export const WORKSPACE_SECRET = 'ws_test_secret_for_links';

export interface TestApp {
  app: FastifyInstance;
  writer: IngestWriter;
  workspace: Workspace;
  clock: FakeClock;
  /** Headers of a Segment SDK in a browser: the public write key as the Basic-auth user name. */
  sdk: Record<string, string>;
  /** Headers of a Segment SDK on a backend: the server write key. */
  server: Record<string, string>;
  admin: Record<string, string>;
}

export interface TestAppOptions {
  writer?: IngestWriterOptions;
  definitions?: LoadedDefinitions;
  clock?: FakeClock;
  /** Opens and clicks recorded; default true. */
  tracking?: boolean;
  /** The dev outbox folder; default none (as with SMTP). */
  outboxDir?: string | null;
  /** Compiled templates (previews, the in-app inbox); default none. */
  templates?: PreviewSource;
  /** Origins allowed to call the in-app API; default any. */
  inappOrigins?: AllowedOrigins;
  /** Origins allowed to send events; default any. */
  ingestOrigins?: AllowedOrigins;
  /** Rate limits, timeouts and connection cap; default the production defaults. */
  limits?: Limits;
  linkLifetimes?: LinkLifetimes;
  previousSecrets?: PreviousSecret[];
  logger?: FastifyBaseLogger;
  /** How long analysis answers are reused; default 0 (each request computes its answer). */
  analysisMaxAgeSeconds?: number;
  /** Compute every page's first answers in the background once ready and keep them warm, as
   * `cairn serve` does. */
  warmAnswers?: boolean;
  /** Where the analyses run (default: in this process, on `store`). */
  analyses?: AnalysisRunner;
}

/** The HTTP app over a real store, with a fake clock; requests go through `app.inject`. */
export async function testApp(store: Store, options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? new FakeClock();
  const workspace = new Workspace(options.definitions ?? null);
  const writer = new IngestWriter(store, { workspace, clock, ...options.writer });
  const app = await buildServer({
    store,
    writer,
    workspace,
    clock,
    keys: KeyRing.ofKeys({ write: WRITE_KEY, serverWrite: SERVER_WRITE_KEY, admin: ADMIN_KEY }),
    version: 'test',
    previousSecrets: options.previousSecrets,
    limits: options.limits,
    linkLifetimes: options.linkLifetimes,
    logger: options.logger,
    workspaceSecret: WORKSPACE_SECRET,
    tracking: options.tracking ?? true,
    outboxDir: options.outboxDir ?? null,
    templates: options.templates,
    inappOrigins: options.inappOrigins,
    ingestOrigins: options.ingestOrigins,
    analysisMaxAgeSeconds: options.analysisMaxAgeSeconds,
    warmAnswers: options.warmAnswers,
    analyses: options.analyses,
  });
  return {
    app,
    writer,
    workspace,
    clock,
    sdk: basicAuth(WRITE_KEY),
    server: basicAuth(SERVER_WRITE_KEY),
    admin: { authorization: `Bearer ${ADMIN_KEY}` },
  };
}

/** The headers of a Segment SDK: the key as the Basic-auth user name, no password. */
export function basicAuth(key: string): Record<string, string> {
  return { authorization: 'Basic ' + Buffer.from(`${key}:`).toString('base64') };
}
