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

const HEX = '0123456789ABCDEF';
const NOT_ASCII = /[^\t\r\n\x20-\x7e]/;
const encoded = new Map<string, string>();

/** `=XX` for each UTF-8 byte of a run of non-ASCII characters (a run keeps surrogate pairs
 * together, so the regular expression needs no `u` flag, which would make it far slower). */
function encodeRun(run: string): string {
  let out = encoded.get(run);
  if (out === undefined) {
    out = '';
    for (const b of Buffer.from(run, 'utf8')) out += `=${HEX[b >> 4]}${HEX[b & 15]}`;
    if (encoded.size < 4096) encoded.set(run, out);
  }
  return out;
}

/** Whether a CRLF text (every LF after a CR) has a line over `max` characters; a loop over
 * line feeds, because a regular expression like `[^\r\n]{999}` rescans every line from each of
 * its characters (and a one-character search is cheaper than one for `\r\n`). */
function hasLineOver(text: string, max: number): boolean {
  let start = 0;
  for (let lf = text.indexOf('\n'); lf !== -1; lf = text.indexOf('\n', lf + 1)) {
    if (lf - 1 - start > max) return true;
    start = lf + 1;
  }
  return text.length - start > max;
}

// Lines of tab and printable ASCII, each ended by CRLF but the last. A greedy run per line is a
// tight loop in the regular expression engine, faster than any per-character test (a character
// class searched for, or a lookbehind for lone line feeds, costs twice as much); on a mismatch
// it backtracks over each line once at most.
const CRLF_LINES = /^(?:[\t\x20-\x7e]*\r\n)*[\t\x20-\x7e]*$/;

/** Whether a body can go out as it is: 7bit, CRLF line ends, no line over the SMTP limit. */
const isWireReady = (text: string) => CRLF_LINES.test(text) && !hasLineOver(text, 998);

/**
 * A text body as a MIME part: `7bit` when it already is ASCII with CRLF line ends and lines
 * under the SMTP limit (Cairn's email HTML is built that way, so the common case is one scan and
 * no copy), else quoted-printable, which keeps the body readable in the dev outbox.
 */
export function encodeBody(text: string, boundary: string): { encoding: string; body: string } {
  if (isWireReady(text) && !text.includes(boundary)) {
    return { encoding: '7bit', body: text };
  }
  const crlf = text.replace(/\r?\n|\r/g, '\r\n');
  if (!NOT_ASCII.test(crlf) && !hasLineOver(crlf, 998) && !crlf.includes(boundary)) {
    return { encoding: '7bit', body: crlf };
  }
  return { encoding: 'quoted-printable', body: quotedPrintable(crlf) };
}

// What quoted-printable encodes, in one pass: `=`, each run of characters other than tab and
// printable ASCII (a CR or LF comes only in a CRLF here), and a space or tab that ends a line
// (it may be stripped in transit).
const QP_ENCODED = /=|[^\t\r\n\x20-\x7e]+|[ \t](?=\r\n|$)/g;

function qpEncoded(match: string): string {
  if (match === '=') return '=3D';
  if (match === ' ') return '=20';
  if (match === '\t') return '=09';
  return encodeRun(match);
}

function quotedPrintable(crlf: string): string {
  const s = crlf.replace(QP_ENCODED, qpEncoded);
  if (!hasLineOver(s, 76)) return s;
  let out = '';
  for (let start = 0; start < s.length;) {
    let end = s.indexOf('\r\n', start);
    if (end === -1) end = s.length;
    out += end - start > 76 ? softBreak(s.slice(start, end)) : s.slice(start, end);
    if (end < s.length) out += '\r\n';
    start = end + 2;
  }
  return out;
}

/** 76 characters per line at most, the soft break's `=` included, never splitting an `=XX`. */
function softBreak(line: string): string {
  let out = '';
  let start = 0;
  while (line.length - start > 76) {
    let end = start + 75;
    if (line[end - 1] === '=') end -= 1;
    else if (line[end - 2] === '=') end -= 2;
    out += `${line.slice(start, end)}=\r\n`;
    start = end;
  }
  return out + line.slice(start);
}
