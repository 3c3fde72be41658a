import type { EmailAddress, EmailMessage } from './email-message.js';

/**
 * Sends on their way to the outbox writer thread, numbered `first`, `first + 1`… in order, each
 * as a run of `FIELDS` values in `fields`. Flat, because it is the event loop that clones them:
 * strings in an array cost a fraction of the same strings as properties of nested objects (no
 * property names, no object per address) to serialize, and the HTML, the bulk, is copied once.
 */
export interface OutboxChunk {
  first: number;
  fields: unknown[];
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

export interface OutboxJob {
  message: EmailMessage;
  date: number;
}

const FIELDS = 15;

/** Appends a send to a chunk's fields. */
export function packJob(fields: unknown[], message: EmailMessage, date: number): void {
  const { from, to, replyTo, unsubscribe } = message;
  fields.push(
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
    message.text,
    message.html,
  );
}

/** The sends of a chunk, on the writer thread. */
export function unpackChunk(fields: unknown[]): OutboxJob[] {
  const jobs: OutboxJob[] = [];
  for (let i = 0; i < fields.length; i += FIELDS) {
    const f = fields.slice(i, i + FIELDS) as (string | undefined)[];
    const message = {
      idempotencyKey: f[1],
      from: address(f[2], f[3]),
      to: address(f[4], f[5]),
      subject: f[8],
      category: f[9],
      text: f[13],
      html: f[14],
    } as EmailMessage;
    if (f[6] !== undefined) message.replyTo = address(f[6], f[7]);
    if (f[10] !== undefined) message.unsubscribe = { https: f[10], mailto: f[11] as string };
    if (f[12] !== undefined) message.headers = f[12] as unknown as Record<string, string>;
    jobs.push({ message, date: fields[i] as number });
  }
  return jobs;
}

function address(address: string | undefined, name: string | undefined): EmailAddress {
  return name === undefined ? { address: address as string } : { address: address as string, name };
}
