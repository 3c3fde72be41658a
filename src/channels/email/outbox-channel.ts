import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Clock } from '../../core/clock.js';
import { startModuleWorker } from '../../core/module-worker.js';
import { failed, sent, type Channel, type SendResult } from '../channel.js';
import type { EmailMessage } from './email-message.js';
import { ChunkPacker, type OutboxChunkResult } from './outbox-chunk.js';
import type { OutboxWriterData } from './outbox-writer.js';

export interface OutboxChannelOptions {
  dir: string;
  clock: Clock;
  messageIdDomain: string;
}

/**
 * Sends handed to the writer in one message: enough to spread the cost of a postMessage, few
 * enough that the writer starts on a batch while the event loop is still rendering its rest.
 */
const CHUNK = 16;

/**
 * The email channel when no SMTP_URL is set: each message is written to `<dir>/<id>.eml`, the
 * exact bytes SMTP would have sent, so `npm start` works with no mail server and any mail client
 * opens what was "sent". The file is named after the idempotency key: a retried send overwrites
 * its own file instead of adding a second copy. `outbox-reader.ts` lists them for the API.
 *
 * Building the bytes and writing the file happen on a writer thread (`outbox-writer.ts`): the
 * event loop only hands messages over (`outbox-chunk.ts`), in chunks as they come (the rest at
 * the end of the event-loop turn), so the two threads work at the same time and the disk never
 * blocks the loop.
 */
export class OutboxChannel implements Channel<EmailMessage> {
  readonly name = 'email';
  readonly delivery = 'outbox';
  private worker: Worker | null = null;
  private readonly pending = new Map<number, (result: SendResult) => void>();
  private readonly packer = new ChunkPacker();
  /** The number of the packer's first send; sends are numbered in the order they come. */
  private first = 0;
  private flushing = false;
  /** What `join(dir, name)` puts before a file name, worked out once rather than per send. */
  private readonly prefix: string;

  constructor(private readonly options: OutboxChannelOptions) {
    this.prefix = join(options.dir, 'x').slice(0, -1);
  }

  send(message: EmailMessage): Promise<SendResult> {
    const date = this.options.clock.now();
    return new Promise<SendResult>((resolve) => {
      const number = this.first + this.packer.count;
      this.packer.add(message, date);
      this.pending.set(number, resolve);
      if (this.packer.count >= CHUNK) {
        this.flush();
      } else if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => {
          this.flushing = false;
          this.flush();
        });
      }
    });
  }

  async close(): Promise<void> {
    while (this.pending.size > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await this.worker?.terminate();
    this.worker = null;
  }

  private flush(): void {
    const count = this.packer.count;
    if (count === 0) return;
    const chunk = this.packer.take(this.first);
    this.first += count;
    const worker = this.start();
    worker.ref();
    worker.postMessage(chunk, [chunk.bytes]);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const { dir, messageIdDomain } = this.options;
    const data: OutboxWriterData = { dir, messageIdDomain };
    const worker = startModuleWorker(import.meta.url, 'outbox-writer', data);
    worker.on('message', ({ first, results }: OutboxChunkResult) => {
      for (let i = 0; i < results.length; i++) {
        const result = results[i];
        this.pending.get(first + i)?.(
          typeof result === 'string'
            ? sent(`<${result}@${messageIdDomain}>`, `${this.prefix}${result}.eml`)
            : failed(result.permanent ? 'permanent' : 'temporary', result.code, result.message),
        );
        this.pending.delete(first + i);
      }
      // An idle writer must not keep the process alive.
      if (this.pending.size === 0) worker.unref();
    });
    const fail = (message: string) => {
      this.worker = null;
      for (const resolve of this.pending.values()) {
        resolve(failed('temporary', 'outbox_writer', message));
      }
      this.pending.clear();
    };
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(`the outbox writer stopped (exit code ${code})`);
    });
    this.worker = worker;
    return worker;
  }
}
