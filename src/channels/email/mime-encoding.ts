/**
 * The few MIME encodings a Cairn email needs in its headers (RFC 2045, 2047, 5322); the bodies'
 * are in encode-body.ts. Written here rather than taken from nodemailer's composer because that
 * composer builds a tree of streams per message (about 1,000 messages/s) while this is string
 * and byte work (tens of thousands/s), and because the dev outbox must write the exact bytes
 * SMTP would send.
 */

/** Thrown for input that cannot be put in a message: the send fails permanently. */
export class MimeError extends Error {
  constructor(
    readonly code: 'invalid_address' | 'invalid_header' | 'missing_unsubscribe',
    message: string,
  ) {
    super(message);
    this.name = 'MimeError';
  }
}

const PRINTABLE = /^[\x20-\x7e]*$/;
// Deliberately narrower than RFC 5322: no quoted local parts, no SMTPUTF8 addresses.
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

export function checkAddress(address: string): string {
  if (!ADDRESS.test(address) || address.length > 254) {
    throw new MimeError(
      'invalid_address',
      `not a deliverable email address: ${JSON.stringify(address)}`,
    );
  }
  return address;
}

/** `=?UTF-8?B?…?=` words of at most 39 bytes each (64 characters), folded onto lines. */
export function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > 39) {
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += char;
    bytes += size;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

/** A header value as it goes on the wire: as is when it is short ASCII, folded at spaces when
 * long, encoded words when it holds anything else. Line breaks never pass (header injection). */
export function headerValue(value: string, nameLength: number): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  if (!PRINTABLE.test(clean)) return encodeWords(clean);
  if (clean.length + nameLength + 2 <= 78) return clean;
  const lines: string[] = [];
  let line = '';
  let room = 78 - nameLength - 2;
  for (const word of clean.split(' ')) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = 77;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  if (lines.some((l) => l.length > 900)) return encodeWords(clean);
  return lines.join('\r\n ');
}

export function formatAddress({ address, name }: { address: string; name?: string }): string {
  checkAddress(address);
  if (!name) return address;
  const clean = name.replace(/[\r\n]+/g, ' ').trim();
  if (!PRINTABLE.test(clean)) return `${encodeWords(clean)} <${address}>`;
  return `"${clean.replace(/[\\"]/g, '\\$&')}" <${address}>`;
}

// Messages sent in the same second share their Date header: the last one is kept.
let lastSecond = NaN;
let lastDate = '';

/** RFC 5322 date in UTC: `Mon, 05 Jan 2026 09:00:00 +0000`. */
export function rfc5322Date(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastDate = new Date(ms).toUTCString().replace(/GMT$/, '+0000');
    lastSecond = second;
  }
  return lastDate;
}
