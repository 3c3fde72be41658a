import type { FastifyInstance } from 'fastify';
import { FakeClock } from '../../src/core/clock.js';
import { buildServer } from '../../src/http/server.js';
import { IngestWriter, type IngestWriterOptions } from '../../src/runtime/ingest-writer.js';
import type { Store } from '../../src/store/store.js';

export const WRITE_KEY = 'wk_test';
export const ADMIN_KEY = 'ak_test';

export interface TestApp {
  app: FastifyInstance;
  writer: IngestWriter;
  clock: FakeClock;
  /** Headers of a Segment SDK: the write key as the Basic-auth user name. */
  sdk: Record<string, string>;
  admin: Record<string, string>;
}

/** The HTTP app over a real store, with a fake clock; requests go through `app.inject`. */
export async function testApp(store: Store, writerOptions?: IngestWriterOptions): Promise<TestApp> {
  const clock = new FakeClock();
  const writer = new IngestWriter(store, writerOptions);
  const app = await buildServer({
    store,
    writer,
    clock,
    writeKey: WRITE_KEY,
    adminKey: ADMIN_KEY,
    version: 'test',
  });
  return {
    app,
    writer,
    clock,
    sdk: { authorization: 'Basic ' + Buffer.from(`${WRITE_KEY}:`).toString('base64') },
    admin: { authorization: `Bearer ${ADMIN_KEY}` },
  };
}
