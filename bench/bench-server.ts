import { systemClock } from '../src/core/clock.js';
import type { LoadedDefinitions } from '../src/definitions/index.js';
import { buildServer } from '../src/http/server.js';
import { KeyRing } from '../src/keys/key-ring.js';
import { IngestWriter, type IngestWriterOptions } from '../src/runtime/ingest-writer.js';
import { Workspace } from '../src/runtime/workspace.js';
import type { Store } from '../src/store/store.js';

/** A listening Cairn HTTP app over `store`, on the system clock, for the HTTP benchmarks. */
export async function benchServer(
  store: Store,
  definitions: LoadedDefinitions | null,
  writeKey: string,
  onCommitted?: IngestWriterOptions['onCommitted'],
) {
  const workspace = new Workspace(definitions);
  const writer = new IngestWriter(store, { workspace, clock: systemClock, onCommitted });
  const app = await buildServer({
    store,
    writer,
    workspace,
    clock: systemClock,
    // The load generator is a backend: it sends contact points, so it holds the server key.
    keys: KeyRing.ofKeys({ write: 'wk_bench_public', serverWrite: writeKey, admin: 'ak_bench' }),
    version: 'bench',
    workspaceSecret: 'ws_bench_secret_for_links',
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, address };
}
