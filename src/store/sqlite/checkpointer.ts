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
  /** What the thread is doing, and what is asked of it next (the stronger request wins). */
  private running: CheckpointRequest | null = null;
  private next: CheckpointRequest | null = null;
  private failed = false;
  /** Commits not yet asked to be checkpointed. */
  private unrequested = 0;
  private quiet: NodeJS.Timeout | null = null;
  private idle: NodeJS.Timeout | null = null;
  private waiting: (() => void)[] = [];
  /** Holds writers back while the WAL is truncated (see `writable`). */
  private gate: { promise: Promise<void>; open: () => void } | null = null;
  private readonly autocheckpointPages: number;
  private readonly data: CheckpointWorkerData;
  private readonly policy: CheckpointPolicy;
  /** The largest WAL a checkpoint found, in bytes. */
  largestWalBytes = 0;

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

  /** Called by the writer after each commit. */
  committed(): void {
    if (this.failed) return;
    if (!this.worker) {
      if (++this.commits < START_AFTER) return;
      this.start();
    }
    if (this.walOverLimit()) this.ask('truncate');
    else if (++this.unrequested >= this.policy.commitsPerCheckpoint) this.ask('checkpoint');
    else this.quiet ??= setTimeout(() => this.ask('checkpoint'), this.policy.quietMs).unref();
    if (this.idle) this.idle.refresh();
    else this.idle = setTimeout(() => this.idleNow(), this.policy.idleMs).unref();
  }

  /**
   * Null when a writer may begin; otherwise a promise to wait for first. A TRUNCATE checkpoint
   * must have the writer's lock, and a writer that goes on committing would win it every time
   * (the thread only polls for it), so writers wait the checkpoint out.
   */
  writable(): Promise<void> | null {
    return this.gate?.promise ?? null;
  }

  /** Checkpoints everything committed so far; resolves once no checkpoint is running or asked for. */
  settled(): Promise<void> {
    if (this.unrequested > 0 && this.worker) this.ask('checkpoint');
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async stop(): Promise<void> {
    this.clearTimers();
    this.openGate();
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
      const finished = this.running;
      this.running = null;
      if (done.walBytes > this.largestWalBytes) this.largestWalBytes = done.walBytes;
      if (finished === 'truncate') this.openGate();
      // Stopping: the worker stays referenced until it has exited.
      if (this.worker !== worker) return this.wake();
      // Asked for meanwhile (commits made during that checkpoint: their pages are next).
      if (this.next) return this.dispatch();
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
  private ask(kind: CheckpointRequest): void {
    if (!this.worker) return;
    this.clearQuiet();
    this.unrequested = 0;
    if (kind === 'truncate') this.gate ??= gate();
    if (!this.next || STRENGTH[kind] > STRENGTH[this.next]) this.next = kind;
    if (!this.running) this.dispatch();
  }

  /** The store has been idle: everything in the WAL goes to the file, and the WAL to zero. */
  private idleNow(): void {
    this.idle = null;
    this.ask('idle');
  }

  /** Past the limit the next checkpoint is a TRUNCATE: asked for now, not eight commits on. */
  private walOverLimit(): boolean {
    try {
      return statSync(`${this.data.file}-wal`).size > this.data.walLimitBytes;
    } catch {
      return false;
    }
  }

  private dispatch(): void {
    const kind = this.next!;
    this.next = null;
    this.running = kind;
    this.worker!.ref();
    this.worker!.postMessage(kind);
  }

  private clearQuiet(): void {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = null;
  }

  private clearTimers(): void {
    this.clearQuiet();
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
  }

  private openGate(): void {
    this.gate?.open();
    this.gate = null;
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private fallBack(worker: Worker): void {
    if (this.worker !== worker) return;
    this.clearTimers();
    this.worker = null;
    this.failed = true;
    this.running = null;
    this.next = null;
    this.openGate();
    this.wake();
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${this.autocheckpointPages}`);
  }
}

/** A truncate covers what an idle checkpoint does, and an idle one what a plain one does. */
const STRENGTH: Record<CheckpointRequest, number> = {
  checkpoint: 0,
  idle: 1,
  truncate: 2,
  stop: 3,
};

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
