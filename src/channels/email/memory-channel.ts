import type { Clock } from '../../core/clock.js';
import { failed, sent, type Channel, type SendResult } from '../channel.js';
import { buildMimeFromBytes, buildMimeMessage } from './build-mime-message.js';
import type { EmailMessage } from './email-message.js';
import { messageIdLocalPart } from './message-id.js';
import { MimeError } from './mime-encoding.js';

export interface MemoryChannelOptions {
  clock: Clock;
  messageIdDomain: string;
  /** The most recent emails kept (older ones are only counted); default 100. */
  keep?: number;
}

/** An email the channel took, as it took it: the message and the moment it was sent. */
export interface KeptEmail {
  /** The Message-ID's local part (the dev outbox's file name). */
  id: string;
  date: number;
  message: EmailMessage;
}

/** What the channel records as where a message went: `memory:<id>`. */
export const MEMORY_PREFIX = 'memory:';

const NO_BYTES = Buffer.alloc(0);

/**
 * The email channel of runs that need no `.eml` files (`cairn simulate --email memory`): a send
 * is accepted or refused exactly as by the dev outbox and SMTP — the same message builder runs
 * over the headers (a marketing email without unsubscribe links, a bad extra header: a permanent
 * failure with the same code) — and the message is kept in memory instead of written. The
 * Message-ID is the one the outbox and SMTP give the same idempotency key, and a retried send
 * replaces its own entry rather than adding a second one.
 *
 * Only the latest `keep` emails are kept (a 100,000-user simulation sends hundreds of thousands);
 * `count` counts every send accepted. `raw` builds the bytes the outbox would have written, and
 * `copyTo` hands what is kept to another channel (the demo puts its latest emails in the outbox).
 */
export class MemoryChannel implements Channel<EmailMessage> {
  readonly name = 'email';
  readonly delivery = 'memory';
  private readonly kept = new Map<string, KeptEmail>();
  private readonly keep: number;
  private accepted = 0;

  constructor(private readonly options: MemoryChannelOptions) {
    this.keep = Math.max(0, options.keep ?? 100);
  }

  send(message: EmailMessage): Promise<SendResult> {
    const date = this.options.clock.now();
    const { messageIdDomain } = this.options;
    try {
      // The headers' checks alone: the bodies are what the builder encodes, and `raw` does it.
      buildMimeFromBytes(message, NO_BYTES, NO_BYTES, { date, messageIdDomain });
    } catch (error) {
      if (error instanceof MimeError) {
        return Promise.resolve(failed('permanent', error.code, error.message));
      }
      throw error;
    }
    const id = messageIdLocalPart(message.idempotencyKey);
    this.accepted += 1;
    this.kept.delete(id);
    if (this.keep > 0) {
      this.kept.set(id, { id, date, message });
      if (this.kept.size > this.keep) this.kept.delete(this.kept.keys().next().value!);
    }
    return Promise.resolve(sent(`<${id}@${messageIdDomain}>`, `${MEMORY_PREFIX}${id}`));
  }

  /** Sends accepted (a message sent again after an interrupted run counts again). */
  get count(): number {
    return this.accepted;
  }

  /** The emails kept, oldest first (a re-sent one counts as its latest send). */
  messages(): KeptEmail[] {
    return [...this.kept.values()];
  }

  /** The RFC 5322 bytes of a kept email, as the dev outbox would have written them; null: not kept. */
  raw(id: string): Buffer | null {
    const email = this.kept.get(id);
    if (!email) return null;
    return buildMimeMessage(email.message, {
      date: email.date,
      messageIdDomain: this.options.messageIdDomain,
    });
  }

  /**
   * Sends the latest `last` kept emails (default all) through `channel`, oldest first, each with
   * the clock set to the moment it was sent here (the outbox dates a message by its clock).
   * Returns how many were accepted.
   */
  async copyTo(
    channel: Channel<EmailMessage>,
    clock: { set(time: number): void },
    last = this.kept.size,
  ): Promise<number> {
    const sends: Promise<SendResult>[] = [];
    for (const email of this.messages().slice(Math.max(0, this.kept.size - last))) {
      clock.set(email.date);
      sends.push(channel.send(email.message));
    }
    return (await Promise.all(sends)).filter((result) => result.ok).length;
  }

  async close(): Promise<void> {}
}
