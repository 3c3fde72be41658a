/**
 * The checkpointer's thread (see checkpointer.ts): copies committed pages from the WAL back into
 * the database file, with its own connection, whenever the writer says it has committed.
 * Runs only inside a worker.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointWorkerData {
  file: string;
  busyTimeoutMs: number;
}

if (parentPort) {
  const port = parentPort;
  const { file, busyTimeoutMs } = workerData as CheckpointWorkerData;
  const db = new Database(file, { timeout: busyTimeoutMs });
  port.on('message', (message: 'checkpoint' | 'stop') => {
    if (message === 'stop') {
      db.close();
      port.close();
      return;
    }
    // PASSIVE: copies what it can without waiting for readers or blocking the writer.
    db.pragma('wal_checkpoint(PASSIVE)');
    port.postMessage('done');
  });
}
