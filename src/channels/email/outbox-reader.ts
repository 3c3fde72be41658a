import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutboxEntry {
  /** The file name without `.eml`, also the Message-ID's local part. */
  id: string;
  /** From the Date header (epoch ms): the sender's clock, not the file's mtime. */
  date: number | null;
  from: string;
  to: string;
  subject: string;
  size: number;
}

const ID = /^[0-9a-f]{32}$/;
const HEAD_BYTES = 16 * 1024;

/**
 * The dev outbox, newest first, for `GET /api/outbox`. Reads each file's headers only. Meant for
 * development volumes (it reads every file to sort them); a file still being written is skipped.
 */
export async function listOutbox(
  dir: string,
  options: { limit?: number } = {},
): Promise<OutboxEntry[]> {
  return (await readAll(dir)).slice(0, options.limit ?? 100);
}

export interface OutboxPageRequest {
  limit: number;
  /** The `next` of the previous page. */
  after?: string;
  /** Only messages whose To header contains this (case-insensitive): one recipient's mail. */
  to?: string;
}

/**
 * A page of the outbox, newest first, filtered by recipient. The cursor is the last entry's
 * place in the order (date, then id), so messages written meanwhile do not shift the pages.
 */
export async function pageOutbox(
  dir: string,
  request: OutboxPageRequest,
): Promise<{ items: OutboxEntry[]; next: string | null }> {
  const to = request.to?.toLowerCase();
  let entries = await readAll(dir);
  if (to) entries = entries.filter((entry) => entry.to.toLowerCase().includes(to));
  if (request.after) {
    const cursor = parseCursor(request.after);
    if (!cursor) throw new Error('not a cursor of this outbox');
    entries = entries.filter((entry) => compare(entry, cursor) > 0);
  }
  const items = entries.slice(0, request.limit);
  const last = items[items.length - 1];
  return {
    items,
    next: entries.length > request.limit && last ? `${last.date ?? 0}.${last.id}` : null,
  };
}

export const isOutboxCursor = (text: string): boolean => parseCursor(text) !== null;

function parseCursor(text: string): { date: number; id: string } | null {
  const match = /^(\d+)\.([0-9a-f]{32})$/.exec(text);
  return match ? { date: Number(match[1]), id: match[2] } : null;
}

/** Newest first, then by id: the order of every listing. */
function compare(a: { date: number | null; id: string }, b: { date: number | null; id: string }) {
  return (b.date ?? 0) - (a.date ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

async function readAll(dir: string): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: OutboxEntry[] = [];
  for (const name of names) {
    const id = name.slice(0, -'.eml'.length);
    if (!name.endsWith('.eml') || !ID.test(id)) continue;
    const entry = await readEntry(join(dir, name), id);
    if (entry) entries.push(entry);
  }
  return entries.sort(compare);
}

/** The raw `.eml` of one message, or null. The id is checked, so no path escapes the folder. */
export async function readOutboxMessage(dir: string, id: string): Promise<Buffer | null> {
  if (!ID.test(id)) return null;
  try {
    return await readFile(join(dir, `${id}.eml`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function readEntry(file: string, id: string): Promise<OutboxEntry | null> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const text = buffer.toString('latin1', 0, bytesRead);
    const end = text.indexOf('\r\n\r\n');
    if (end === -1) return null;
    const headers = parseHeaders(text.slice(0, end));
    const date = headers.get('date');
    return {
      id,
      date: date ? Date.parse(date) || null : null,
      from: headers.get('from') ?? '',
      to: headers.get('to') ?? '',
      subject: headers.get('subject') ?? '',
      size: (await stat(file)).size,
    };
  } finally {
    await handle.close();
  }
}

/** Unfolds and decodes (RFC 2047) a header block; later duplicates are ignored. */
export function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (whole, charset: string, kind: string, text: string) => {
        try {
          const bytes =
            kind.toUpperCase() === 'B'
              ? Buffer.from(text, 'base64')
              : Buffer.from(
                  text
                    .replace(/_/g, ' ')
                    .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                      String.fromCharCode(parseInt(hex, 16)),
                    ),
                  'latin1',
                );
          return new TextDecoder(charset).decode(bytes);
        } catch {
          return whole;
        }
      },
    );
}
