import { writeFile } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { failed, sent, type Channel, type SendResult } from '../channel.js';
import { buildMimeMessage } from './build-mime-message.js';
import type { EmailMessage } from './email-message.js';
import { messageIdLocalPart } from './message-id.js';
import { MimeError } from './mime-encoding.js';

export interface OutboxChannelOptions {
  dir: string;
  clock: Clock;
  messageIdDomain: string;
}

/**
 * The email channel when no SMTP_URL is set: each message is written to `<dir>/<id>.eml`, the
 * exact bytes SMTP would have sent, so `npm start` works with no mail server and any mail client
 * opens what was "sent". The file is named after the idempotency key: a retried send overwrites
 * its own file instead of adding a second copy. `outbox-reader.ts` lists them for the API.
 */
export class OutboxChannel implements Channel<EmailMessage> {
  readonly name = 'email';
  readonly delivery = 'outbox';
  private ready: Promise<unknown> | null = null;

  constructor(private readonly options: OutboxChannelOptions) {}

  async send(message: EmailMessage): Promise<SendResult> {
    const { dir, clock, messageIdDomain } = this.options;
    let raw: Buffer;
    try {
      raw = buildMimeMessage(message, { date: clock.now(), messageIdDomain });
    } catch (error) {
      if (error instanceof MimeError) return failed('permanent', error.code, error.message);
      throw error;
    }
    const id = messageIdLocalPart(message.idempotencyKey);
    const file = join(dir, `${id}.eml`);
    try {
      this.ready ??= mkdir(dir, { recursive: true });
      await this.ready;
      // The callback form: the promise one costs a FileHandle per file, twice the main-thread time.
      await new Promise<void>((resolve, reject) =>
        writeFile(file, raw, (error) => (error ? reject(error) : resolve())),
      );
    } catch (error) {
      this.ready = null;
      // A full or read-only disk may recover; the attempt limit bounds the retries.
      return failed('temporary', 'outbox_write', (error as Error).message);
    }
    return sent(`<${id}@${messageIdDomain}>`, file);
  }

  async close(): Promise<void> {}
}
