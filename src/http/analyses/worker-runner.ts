import { Worker } from 'node:worker_threads';
import { AnalyticsInputError } from '../../analytics/analytics-input-error.js';
import type { Definitions } from '../../definitions/index.js';
import type { Also } from '../answer-cache.js';
import type { AnalysisRunner } from './runner.js';
import type { Reply, Request, WorkerSetup } from './worker-messages.js';

/** A worker's failure as an Error with its message (an error thrown in a worker arrives as a
 * copy of its fields, a SQLite one with only its code). */
function failure(error: unknown): Error {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  const said = [code, message].filter((x) => typeof x === 'string' && x).join(': ');
  return new Error(`the analysis worker failed: ${said || String(error)}`);
}

interface Waiting {
  resolve: (value: object) => void;
  reject: (error: Error) => void;
  also: Also;
}

/**
 * Computes the analyses in a worker thread (worker.ts) reading the SQLite file through its own
 * read-only connection: the HTTP process's event loop, which takes events and serves pages, never
 * waits for a read of millions of rows. The worker starts at the first analysis and again after it
 * exits (a crash rejects what it was computing; the next analysis starts a new one). The
 * definitions are sent with a request when they are not the ones last sent.
 */
export class WorkerRunner implements AnalysisRunner {
  private worker: Worker | null = null;
  private sent: Definitions | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly setup: WorkerSetup) {}

  run(
    path: string,
    raw: Record<string, string>,
    definitions: Definitions,
    now: number,
    also: Also,
  ): Promise<object> {
    if (this.closed) return Promise.reject(new Error('the analysis worker is closed'));
    const worker = this.started();
    const id = this.nextId++;
    const request: Request = { id, path, raw: { ...raw }, now };
    if (this.sent !== definitions) {
      request.definitions = definitions;
      this.sent = definitions;
    }
    return new Promise<object>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, also });
      // Kept alive while it computes; idle, it does not keep the process alive.
      worker.ref();
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: this.setup });
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error: unknown) => this.fail(worker, failure(error)));
    worker.on('exit', (code) =>
      this.fail(worker, new Error(`the analysis worker stopped (exit code ${code})`)),
    );
    this.worker = worker;
    this.sent = null;
    return worker;
  }

  private settle(reply: Reply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    if (reply.ok) {
      for (const [key, value] of reply.also) waiting.also(key, value);
      waiting.resolve(reply.value);
      return;
    }
    const { message, field } = reply.error;
    waiting.reject(
      field === undefined
        ? new Error(message)
        : new AnalyticsInputError(field, message.slice(field.length + 2)),
    );
  }

  /** The worker is gone: what it was computing fails, and the next analysis starts another. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = null;
    for (const [id, waiting] of this.waiting) {
      this.waiting.delete(id);
      waiting.reject(error);
    }
  }
}
