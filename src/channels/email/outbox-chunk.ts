import type { EmailAddress, EmailMessage } from './email-message.js';

/**
 * Sends on their way to the outbox writer thread, numbered `first`, `first + 1`… in order. Each
 * send is a run of `FIELDS` values in `fields`; its text and HTML bodies are UTF-8 in `bytes`,
 * one buffer for the whole chunk that is transferred, not copied. A body as a string would be
 * serialized by the event loop and rebuilt by the writer (both cost more than encoding it), then
 * encoded to UTF-8 by the writer anyway; as bytes it is encoded once, straight into place.
 * Flat, because strings in an array cost a fraction of the same strings as properties of nested
 * objects (no property names, no object per address) to pass between threads.
 */
export interface OutboxChunk {
  first: number;
  fields: unknown[];
  bytes: ArrayBuffer;
}

export interface OutboxFailure {
  permanent: boolean;
  code: string;
  message: string;
}

/**
 * The outcome of each send of a chunk, in order: the local part of the Message-ID of the file
 * written (strings are far cheaper to pass between threads than objects), or why it failed.
 */
export interface OutboxChunkResult {
  first: number;
  results: (string | OutboxFailure)[];
}

/** A send as the writer thread sees it: the message without its bodies, and the bodies' bytes. */
export interface OutboxJob {
  message: Omit<EmailMessage, 'text' | 'html'>;
  text: Buffer;
  html: Buffer;
  date: number;
}

const FIELDS = 15;
/** A UTF-16 code unit is at most three bytes of UTF-8 (a surrogate pair, two units, is four). */
const MAX_UTF8_PER_UNIT = 3;

/** Collects sends into a chunk, on the event loop. */
export class ChunkPacker {
  private fields: unknown[] = [];
  private bytes: Buffer;
  private used = 0;
  /** The size the last chunk's bodies took: the next one is likely alike. */
  private lastSize: number;

  constructor(initialSize = 64 * 1024) {
    this.lastSize = initialSize;
    this.bytes = Buffer.allocUnsafeSlow(initialSize);
  }

  get count(): number {
    return this.fields.length / FIELDS;
  }

  add(message: EmailMessage, date: number): void {
    const { from, to, replyTo, unsubscribe } = message;
    const textEnd = this.put(message.text);
    const htmlEnd = this.put(message.html);
    this.fields.push(
      date,
      message.idempotencyKey,
      from.address,
      from.name,
      to.address,
      to.name,
      replyTo?.address,
      replyTo?.name,
      message.subject,
      message.category,
      unsubscribe?.https,
      unsubscribe?.mailto,
      message.headers,
      textEnd,
      htmlEnd,
    );
  }

  /** The chunk so far, numbered from `first`; the packer starts a new one. */
  take(first: number): OutboxChunk {
    // The whole buffer, spare room included: handing it over as it is copies nothing.
    const chunk: OutboxChunk = {
      first,
      fields: this.fields,
      bytes: this.bytes.buffer as ArrayBuffer,
    };
    this.lastSize = Math.max(this.used, 1024);
    this.fields = [];
    this.bytes = Buffer.allocUnsafeSlow(this.lastSize);
    this.used = 0;
    return chunk;
  }

  /** Appends `body` as UTF-8; returns where it ends. */
  private put(body: string): number {
    const needed = this.used + body.length * MAX_UTF8_PER_UNIT;
    if (needed > this.bytes.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(needed, 2 * this.bytes.length));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.used += this.bytes.write(body, this.used, 'utf8');
    return this.used;
  }
}

/** The sends of a chunk, on the writer thread. */
export function unpackChunk({ fields, bytes }: OutboxChunk): OutboxJob[] {
  const jobs: OutboxJob[] = [];
  const all = Buffer.from(bytes);
  let at = 0;
  for (let i = 0; i < fields.length; i += FIELDS) {
    const f = fields as (string | undefined)[];
    const textEnd = fields[i + 13] as number;
    const htmlEnd = fields[i + 14] as number;
    const message = {
      idempotencyKey: f[i + 1],
      from: address(f[i + 2], f[i + 3]),
      to: address(f[i + 4], f[i + 5]),
      subject: f[i + 8],
      category: f[i + 9],
    } as OutboxJob['message'];
    if (f[i + 6] !== undefined) message.replyTo = address(f[i + 6], f[i + 7]);
    if (f[i + 10] !== undefined) {
      message.unsubscribe = { https: f[i + 10] as string, mailto: f[i + 11] as string };
    }
    if (f[i + 12] !== undefined) message.headers = f[i + 12] as unknown as Record<string, string>;
    jobs.push({
      message,
      text: all.subarray(at, textEnd),
      html: all.subarray(textEnd, htmlEnd),
      date: fields[i] as number,
    });
    at = htmlEnd;
  }
  return jobs;
}

function address(address: string | undefined, name: string | undefined): EmailAddress {
  return name === undefined ? { address: address as string } : { address: address as string, name };
}
