import type Database from 'better-sqlite3';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../core/module-worker.js';
import type { CheckpointWorkerData } from './checkpoint-worker.js';

/** Commits before a store is busy enough to be worth a thread of its own. */
const START_AFTER = 32;

export interface CheckpointPolicy {
  /** Commits a checkpoint waits for: the pages they share (a busy profile's, the top of an
   * index) are copied once for all of them, not once per commit. */
  commitsPerCheckpoint: number;
  /** After a commit, the time before the commits still in the WAL are checkpointed anyway. */
  quietMs: number;
}

const DEFAULT_POLICY: CheckpointPolicy = { commitsPerCheckpoint: 8, quietMs: 1000 };

/**
 * Moves WAL checkpoints off the writer. By default SQLite checkpoints inside the commit that
 * grows the WAL past 1,000 pages: the writer then copies every page back into the database file
 * and syncs it before it can take the next batch. Here a worker thread with its own connection
 * does it instead (`checkpoint-worker.ts`), after the writer's commits, while the writer goes on;
 * the WAL is still reset once a checkpoint has caught up. A store that has committed only a few
 * transactions (a CLI command, a test) never starts the thread and keeps SQLite's default. If
 * the thread fails, the writer checkpoints itself again.
 *
 * A checkpoint covers several commits (eight, or whatever was committed a second after a
 * commit): under load a group commit rewrites many of the pages the previous one did — the
 * profiles of active users, the right-hand end of each index — and checkpointing after each one
 * copied those pages into the file, and synced it, every time.
 */
export class Checkpointer {
  private worker: Worker | null = null;
  private commits = 0;
  private running = false;
  private again = false;
  private failed = false;
  /** Commits not yet asked to be checkpointed. */
  private unrequested = 0;
  private quiet: NodeJS.Timeout | null = null;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly writer: Database.Database,
    private readonly data: CheckpointWorkerData,
    private readonly policy: CheckpointPolicy = DEFAULT_POLICY,
  ) {}

  /** Called by the writer after each commit. */
  committed(): void {
    if (this.failed) return;
    if (!this.worker) {
      if (++this.commits < START_AFTER) return;
      this.start();
    }
    if (++this.unrequested >= this.policy.commitsPerCheckpoint) this.ask();
    else this.quiet ??= setTimeout(() => this.ask(), this.policy.quietMs).unref();
  }

  /** Checkpoints everything committed so far; resolves once no checkpoint is running or asked for. */
  settled(): Promise<void> {
    if (this.unrequested > 0 && this.worker) this.ask();
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async stop(): Promise<void> {
    this.clearQuiet();
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = once(worker, 'exit');
    worker.ref();
    worker.postMessage('stop');
    await exited;
  }

  private start(): void {
    const worker = startModuleWorker(import.meta.url, 'checkpoint-worker', this.data);
    worker.unref();
    worker.on('message', () => {
      this.running = false;
      // Stopping: the worker stays referenced until it has exited.
      if (this.worker !== worker) return this.wake();
      // Commits made during that checkpoint: their pages are next.
      if (this.again) return this.request();
      // An idle checkpointer must not keep the process alive.
      worker.unref();
      this.wake();
    });
    worker.on('error', () => this.fallBack(worker));
    worker.on('exit', () => this.fallBack(worker));
    this.writer.pragma('wal_autocheckpoint = 0');
    this.worker = worker;
  }

  /** Asks for a checkpoint of the commits so far: now, or after the one running. */
  private ask(): void {
    this.clearQuiet();
    if (!this.worker) return;
    this.unrequested = 0;
    if (this.running) this.again = true;
    else this.request();
  }

  private clearQuiet(): void {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = null;
  }

  private request(): void {
    this.running = true;
    this.again = false;
    this.worker!.ref();
    this.worker!.postMessage('checkpoint');
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private fallBack(worker: Worker): void {
    if (this.worker !== worker) return;
    this.clearQuiet();
    this.worker = null;
    this.failed = true;
    this.running = false;
    this.wake();
    if (this.writer.open) this.writer.pragma('wal_autocheckpoint = 1000');
  }
}
