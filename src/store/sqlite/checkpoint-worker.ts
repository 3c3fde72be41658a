/**
 * The checkpointer's thread (see checkpointer.ts): copies committed pages from the WAL back into
 * the database file, with its own connection, whenever the writer says it has committed.
 * Runs only inside a worker.
 */
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointWorkerData {
  file: string;
  busyTimeoutMs: number;
  /** Past this size the WAL is checkpointed in full and truncated (see checkpointer.ts). */
  walLimitBytes: number;
}

/** `checkpoint` after commits; `truncate` when the WAL is past its limit; `idle` once the
 * writer has been quiet; `stop` to close. */
export type CheckpointRequest = 'checkpoint' | 'truncate' | 'idle' | 'stop';

/** What a checkpoint found: the WAL's size before it ran (the peak since the last one). */
export interface CheckpointDone {
  walBytes: number;
}

if (parentPort) {
  const port = parentPort;
  const { file, busyTimeoutMs, walLimitBytes } = workerData as CheckpointWorkerData;
  const db = new Database(file, { timeout: busyTimeoutMs });
  const walFile = `${file}-wal`;
  const walBytes = () => {
    try {
      return statSync(walFile).size;
    } catch {
      return 0; // no WAL file (yet, or any more)
    }
  };
  port.on('message', (message: CheckpointRequest) => {
    if (message === 'stop') {
      db.close();
      port.close();
      return;
    }
    const before = walBytes();
    if (message !== 'checkpoint' || before > walLimitBytes) {
      // TRUNCATE waits (up to the busy timeout) for the writer to finish its transaction and
      // for readers to move to the newest snapshot, copies every page, and cuts the WAL to zero
      // bytes: the next commit starts it afresh. Under continuous reads and writes a PASSIVE
      // checkpoint never catches up, the WAL is never reset, and it grows without bound.
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Busy past the timeout: the next checkpoint tries again.
      }
    } else {
      // PASSIVE: copies what it can without waiting for readers or blocking the writer.
      db.pragma('wal_checkpoint(PASSIVE)');
    }
    port.postMessage({ walBytes: before } satisfies CheckpointDone);
  });
}
