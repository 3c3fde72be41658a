/**
 * The dev outbox's writer thread (see outbox-channel.ts): builds each message's bytes and writes
 * its `.eml` file, in chunks, off the main thread. Runs only inside a worker.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { buildMimeFromBytes } from './build-mime-message.js';
import { messageIdLocalPart } from './message-id.js';
import { MimeError } from './mime-encoding.js';
import {
  unpackChunk,
  type OutboxChunk,
  type OutboxChunkResult,
  type OutboxFailure,
  type OutboxJob,
} from './outbox-chunk.js';

export interface OutboxWriterData {
  dir: string;
  messageIdDomain: string;
}

function write(job: OutboxJob, data: OutboxWriterData): string | OutboxFailure {
  let raw: Buffer;
  try {
    raw = buildMimeFromBytes(job.message, job.text, job.html, {
      date: job.date,
      messageIdDomain: data.messageIdDomain,
    });
  } catch (error) {
    if (error instanceof MimeError) {
      return { permanent: true, code: error.code, message: error.message };
    }
    throw error;
  }
  const local = messageIdLocalPart(job.message.idempotencyKey);
  const file = join(data.dir, `${local}.eml`);
  try {
    // Synchronous on purpose: this thread does nothing else, and one call per file costs less
    // than the three thread-pool round trips (open, write, close) of an asynchronous write.
    writeFileSync(file, raw);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(data.dir, { recursive: true });
    writeFileSync(file, raw);
  }
  return local;
}

if (parentPort) {
  const port = parentPort;
  const data = workerData as OutboxWriterData;
  port.on('message', (chunk: OutboxChunk) => {
    const results = unpackChunk(chunk).map((job): string | OutboxFailure => {
      try {
        return write(job, data);
      } catch (error) {
        // A full or read-only disk may recover; the attempt limit bounds the retries.
        return { permanent: false, code: 'outbox_write', message: (error as Error).message };
      }
    });
    port.postMessage({ first: chunk.first, results } satisfies OutboxChunkResult);
  });
}
