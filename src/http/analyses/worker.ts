import { parentPort, workerData } from 'node:worker_threads';
import { AnalyticsInputError } from '../../analytics/analytics-input-error.js';
import type { Definitions } from '../../definitions/index.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { computeAnalysis } from './compute.js';
import type { Reply, Request, WorkerSetup } from './worker-messages.js';

/**
 * The analysis worker (worker-runner.ts starts it): opens the SQLite file read-only and computes
 * each analysis asked for, one message at a time, with the definitions last sent.
 */
const setup = workerData as WorkerSetup;
const store = SqliteStore.open({
  file: setup.file,
  readOnly: true,
  pageCacheBytes: setup.pageCacheBytes,
});
let definitions: Definitions | null = null;
const port = parentPort!;

port.on('message', (request: Request) => {
  if (request.definitions) definitions = request.definitions;
  void answer(request).then((reply) => {
    try {
      port.postMessage(reply);
    } catch (error) {
      // An answer that cannot be copied to the HTTP process fails alone.
      const message = `the answer could not be sent: ${(error as Error).message}`;
      port.postMessage({ id: request.id, ok: false, error: { message } } satisfies Reply);
    }
  });
});

async function answer(request: Request): Promise<Reply> {
  const also: [string, object][] = [];
  try {
    if (!definitions) throw new Error('no definitions were sent to the analysis worker');
    const value = await computeAnalysis(
      request.path,
      request.raw,
      { store, definitions, now: request.now },
      (key, byproduct) => also.push([key, byproduct]),
    );
    return { id: request.id, ok: true, value, also };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return {
      id: request.id,
      ok: false,
      error: {
        message: e.message,
        ...(e instanceof AnalyticsInputError ? { field: e.field } : {}),
      },
    };
  }
}
