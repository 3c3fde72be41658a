/**
 * The few MIME encodings a Cairn email needs (RFC 2045, 2047, 5322). Written here rather than
 * taken from nodemailer's composer because that composer builds a tree of streams per message
 * (about 1,000 messages/s) while this is string work (tens of thousands/s), and because the dev
 * outbox must write the exact bytes SMTP would send.
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

/** RFC 5322 date in UTC: `Mon, 05 Jan 2026 09:00:00 +0000`. */
export function rfc5322Date(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

const HEX = '0123456789ABCDEF';
// Everything quoted-printable must encode: `=`, control characters, anything not ASCII.
const SPECIAL = /[^\t\x20-\x3c\x3e-\x7e]/gu;

function encodeChar(char: string): string {
  let out = '';
  for (const b of Buffer.from(char, 'utf8')) out += `=${HEX[b >> 4]}${HEX[b & 15]}`;
  return out;
}

/**
 * A text body as a MIME part: `7bit` when it is ASCII with lines under the SMTP limit (nothing to
 * encode), else quoted-printable, which keeps the body readable in the dev outbox. The work is
 * regular-expression replaces over whole lines, not a loop over bytes: this runs per recipient.
 */
export function encodeBody(text: string, boundary: string): { encoding: string; body: string } {
  const crlf = text.replace(/\r?\n|\r/g, '\r\n');
  if (!/[^\t\r\n\x20-\x7e]|[^\r\n]{999}/.test(crlf) && !crlf.includes(boundary)) {
    return { encoding: '7bit', body: crlf };
  }
  const lines = crlf.split('\r\n');
  for (let i = 0; i < lines.length; i++) lines[i] = quotedPrintableLine(lines[i]);
  return { encoding: 'quoted-printable', body: lines.join('\r\n') };
}

function quotedPrintableLine(line: string): string {
  let s = line.replace(SPECIAL, encodeChar);
  // A space or tab ending a line may be stripped in transit: encode it.
  const last = s.charCodeAt(s.length - 1);
  if (last === 32 || last === 9) s = `${s.slice(0, -1)}${last === 32 ? '=20' : '=09'}`;
  if (s.length <= 76) return s;
  // 76 characters per line at most, the soft break's `=` included, never splitting an `=XX`.
  let out = '';
  let start = 0;
  while (s.length - start > 76) {
    let end = start + 75;
    if (s[end - 1] === '=') end -= 1;
    else if (s[end - 2] === '=') end -= 2;
    out += `${s.slice(start, end)}=\r\n`;
    start = end;
  }
  return out + s.slice(start);
}
