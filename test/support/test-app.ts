import type { FastifyInstance } from 'fastify';
import type { AllowedOrigins } from '../../src/config/inapp-origins.js';
import { FakeClock } from '../../src/core/clock.js';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import { buildServer } from '../../src/http/server.js';
import type { PreviewSource } from '../../src/runtime/delivery/template-preview.js';
import { IngestWriter, type IngestWriterOptions } from '../../src/runtime/ingest-writer.js';
import { Workspace } from '../../src/runtime/workspace.js';
import type { Store } from '../../src/store/store.js';

export const WRITE_KEY = 'wk_test';
export const ADMIN_KEY = 'ak_test';
export const WORKSPACE_SECRET = 'ws_test_secret_for_links';

export interface TestApp {
  app: FastifyInstance;
  writer: IngestWriter;
  workspace: Workspace;
  clock: FakeClock;
  /** Headers of a Segment SDK: the write key as the Basic-auth user name. */
  sdk: Record<string, string>;
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
    writeKey: WRITE_KEY,
    adminKey: ADMIN_KEY,
    version: 'test',
    workspaceSecret: WORKSPACE_SECRET,
    tracking: options.tracking ?? true,
    outboxDir: options.outboxDir ?? null,
    templates: options.templates,
    inappOrigins: options.inappOrigins,
    ingestOrigins: options.ingestOrigins,
  });
  return {
    app,
    writer,
    workspace,
    clock,
    sdk: { authorization: 'Basic ' + Buffer.from(`${WRITE_KEY}:`).toString('base64') },
    admin: { authorization: `Bearer ${ADMIN_KEY}` },
  };
}
