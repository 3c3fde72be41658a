import type Database from 'better-sqlite3';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../core/module-worker.js';
import type {
  CheckpointDone,
  CheckpointRequest,
  CheckpointWorkerData,
} from './checkpoint-worker.js';

/** Commits before a store is busy enough to be worth a thread of its own. */
const START_AFTER = 32;

export interface CheckpointPolicy {
  /** Commits a checkpoint waits for: the pages they share (a busy profile's, the top of an
   * index) are copied once for all of them, not once per commit. */
  commitsPerCheckpoint: number;
  /** After a commit, the time before the commits still in the WAL are checkpointed anyway. */
  quietMs: number;
  /** After the last commit, the time before the WAL is checkpointed in full and truncated to
   * zero bytes, giving its disk space back while the store is idle. */
  idleMs: number;
}

const DEFAULT_POLICY: CheckpointPolicy = { commitsPerCheckpoint: 8, quietMs: 1000, idleMs: 2000 };

/** The WAL size past which a checkpoint truncates it, unless the store is told otherwise. */
export const DEFAULT_WAL_LIMIT_BYTES = 128 * 1024 * 1024;

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
 *
 * The WAL's size is bounded. A PASSIVE checkpoint never waits, so under continuous reads and
 * writes it never catches up with the end of the WAL; SQLite then never rewinds the WAL, and
 * `journal_size_limit` (which applies when it does) never shrinks it: it grew to 7.3 GB beside
 * an 810 MB database. So a checkpoint that finds the WAL past `walLimitBytes` is a TRUNCATE,
 * which waits for the writer's current transaction and cuts the WAL to zero; the writer waits
 * for it in turn (a pause of about the time to copy what the PASSIVE ones left behind). The
 * WAL's peak is thus the limit plus what is committed during one checkpoint. Once the store is
 * idle (`idleMs` after the last commit) the WAL is truncated as well.
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
  private idle: NodeJS.Timeout | null = null;
  private idleAsked = false;
  private waiting: (() => void)[] = [];
  /** The largest WAL a checkpoint found, in bytes. */
  largestWalBytes = 0;

  private readonly data: CheckpointWorkerData;
  private readonly policy: CheckpointPolicy;

  constructor(
    private readonly writer: Database.Database,
    data: Omit<CheckpointWorkerData, 'walLimitBytes'> & { walLimitBytes?: number },
    policy: Partial<CheckpointPolicy> = {},
  ) {
    this.data = { ...data, walLimitBytes: data.walLimitBytes ?? DEFAULT_WAL_LIMIT_BYTES };
    this.policy = { ...DEFAULT_POLICY, ...policy };
    // Until the thread starts (and should it fail), SQLite checkpoints in the commit that takes
    // the WAL past 1,000 pages; never past the limit, though. A reset WAL file is cut back to
    // the limit (journal_size_limit), or to 64 MB if that is less.
    const pageSize = writer.pragma('page_size', { simple: true }) as number;
    this.autocheckpointPages = Math.max(
      1,
      Math.min(1000, Math.floor(this.data.walLimitBytes / pageSize)),
    );
    writer.pragma(`wal_autocheckpoint = ${this.autocheckpointPages}`);
    writer.pragma(`journal_size_limit = ${Math.min(64 * 1024 * 1024, this.data.walLimitBytes)}`);
  }

  private readonly autocheckpointPages: number;

  /** Called by the writer after each commit. */
  committed(): void {
    if (this.failed) return;
    if (!this.worker) {
      if (++this.commits < START_AFTER) return;
      this.start();
    }
    if (++this.unrequested >= this.policy.commitsPerCheckpoint || this.walOverLimit()) this.ask();
    else this.quiet ??= setTimeout(() => this.ask(), this.policy.quietMs).unref();
    if (this.idle) this.idle.refresh();
    else this.idle = setTimeout(() => this.askIdle(), this.policy.idleMs).unref();
  }

  /** Checkpoints everything committed so far; resolves once no checkpoint is running or asked for. */
  settled(): Promise<void> {
    if (this.unrequested > 0 && this.worker) this.ask();
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async stop(): Promise<void> {
    this.clearQuiet();
    this.clearIdle();
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
    worker.on('message', (done: CheckpointDone) => {
      this.running = false;
      if (done.walBytes > this.largestWalBytes) this.largestWalBytes = done.walBytes;
      // Stopping: the worker stays referenced until it has exited.
      if (this.worker !== worker) return this.wake();
      // Commits made during that checkpoint: their pages are next.
      if (this.again) return this.request();
      if (this.idleAsked) return this.request('idle');
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

  /** Past the limit the next checkpoint is a TRUNCATE: ask for it now, not eight commits on. */
  private walOverLimit(): boolean {
    try {
      return statSync(`${this.data.file}-wal`).size > this.data.walLimitBytes;
    } catch {
      return false;
    }
  }

  /** The store has been idle: everything in the WAL goes to the file, and the WAL to zero. */
  private askIdle(): void {
    this.idle = null;
    this.clearQuiet();
    if (!this.worker) return;
    this.unrequested = 0;
    if (this.running) this.idleAsked = true;
    else this.request('idle');
  }

  private clearQuiet(): void {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = null;
  }

  private clearIdle(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
  }

  private request(kind: CheckpointRequest = 'checkpoint'): void {
    this.running = true;
    this.again = false;
    if (kind === 'idle') this.idleAsked = false;
    this.worker!.ref();
    this.worker!.postMessage(kind);
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private fallBack(worker: Worker): void {
    if (this.worker !== worker) return;
    this.clearQuiet();
    this.clearIdle();
    this.worker = null;
    this.failed = true;
    this.running = false;
    this.wake();
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${this.autocheckpointPages}`);
  }
}
