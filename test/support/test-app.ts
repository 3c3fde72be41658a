import type { FastifyInstance } from 'fastify';
import { FakeClock } from '../../src/core/clock.js';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import { buildServer } from '../../src/http/server.js';
import { IngestWriter, type IngestWriterOptions } from '../../src/runtime/ingest-writer.js';
import { Workspace } from '../../src/runtime/workspace.js';
import type { Store } from '../../src/store/store.js';

export const WRITE_KEY = 'wk_test';
export const ADMIN_KEY = 'ak_test';

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
