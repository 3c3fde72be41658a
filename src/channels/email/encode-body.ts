import { quotedPrintable } from './quoted-printable.js';

export interface EncodedBody {
  encoding: '7bit' | 'quoted-printable';
  /** ASCII with CRLF line ends: the part's body as it goes on the wire. */
  body: Uint8Array;
}

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const MAX_LINE = 998;

/**
 * A text or HTML body, from its UTF-8 bytes, as a MIME part: `7bit` when it already is ASCII
 * with CRLF line ends and lines under the SMTP limit (Cairn's email HTML is built that way, so
 * the common case is one scan and no copy), else quoted-printable, which keeps the body readable
 * in the dev outbox. A body holding the multipart boundary is always encoded (`=` never starts a
 * quoted-printable line's text, and the boundary starts with `=_`).
 */
export function encodeBody(bytes: Buffer, boundary: string): EncodedBody {
  if (isWireReady(bytes)) {
    if (bytes.indexOf(boundary, 0, 'latin1') === -1) return { encoding: '7bit', body: bytes };
  } else if (onlyLineEndsWrong(bytes)) {
    const crlf = withCrlf(bytes);
    if (isWireReady(crlf) && crlf.indexOf(boundary, 0, 'latin1') === -1) {
      return { encoding: '7bit', body: crlf };
    }
  }
  return { encoding: 'quoted-printable', body: quotedPrintable(bytes) };
}

/**
 * Whether the bytes can go out as they are: tab and printable ASCII, CR only before LF and LF
 * only after CR, no line over 998 characters. A word (four bytes) at a time, as integer
 * arithmetic: per character, in a regular expression or a loop, this check cost as much as
 * building the rest of the message.
 */
export function isWireReady(bytes: Uint8Array): boolean {
  const n = bytes.length;
  // Words from the first 4-byte aligned one (an Int32Array needs that alignment); the bytes
  // before it and after the last whole word one by one.
  const first = LITTLE_ENDIAN ? Math.min(n, (4 - (bytes.byteOffset & 3)) & 3) : n;
  const count = (n - first) >> 2;
  const tail = first + 4 * count;
  let lineStart = checkBytes(bytes, 0, first, 0);
  if (lineStart >= 0 && count > 0) {
    const words = new Int32Array(bytes.buffer, bytes.byteOffset + first, count);
    lineStart = checkWords(words, first, lineStart, bytes[first - 1] === CR);
    // A CR ending the last word needs the LF after it, which checkBytes does not look back for.
    if (bytes[tail - 1] === CR && bytes[tail] !== LF) return false;
  }
  if (lineStart >= 0) lineStart = checkBytes(bytes, tail, n, lineStart);
  return lineStart >= 0 && n - lineStart <= MAX_LINE;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** `isWireReady` for bytes `from` to `to`, one by one: where the line now starts, or -1. */
function checkBytes(bytes: Uint8Array, from: number, to: number, lineStart: number): number {
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if ((b >= 0x20 && b < 0x7f) || b === TAB) continue;
    if (b === CR && bytes[i + 1] === LF) {
      if (i - lineStart > MAX_LINE) return -1;
      lineStart = i + 2;
    } else if (b !== LF || bytes[i - 1] !== CR) {
      return -1;
    }
  }
  return lineStart;
}

// Each byte's top bit in a word; the other seven.
const TOP = 0x80808080 | 0;
const LOW = 0x7f7f7f7f;

/** The top bit of each byte of `x` that is zero (exact: no carry crosses a byte). */
const zeros = (x: number) => ~(((x & LOW) + LOW) | x) & TOP;

/**
 * `isWireReady` for whole words (little-endian: byte k of the text is byte k of the word),
 * `offset` being the position of the first: where the line now starts, or -1. `pendingCr`: the
 * byte before the first word is a CR, so its first byte must be LF.
 */
function checkWords(words: Int32Array, offset: number, lineStart: number, pendingCr: boolean) {
  for (let w = 0; w < words.length; w++) {
    const x = words[w];
    // The common word: no byte below 0x20 (taking 0x20 from such a byte borrows into its top
    // bit; `& ~x` leaves out bytes that had it) and none above 0x7e (adding 1 sets it).
    if (((((x - 0x20202020) & ~x) | (x + 0x01010101) | x) & TOP) === 0) {
      if (pendingCr) return -1;
      continue;
    }
    // Else exactly which bytes are what, each flagged by its top bit.
    if (((((x & LOW) + 0x01010101) | x) & TOP) !== 0) return -1; // 0x7f or above
    const below20 = ~(((x & LOW) + 0x60606060) | x) & TOP;
    const cr = zeros(x ^ 0x0d0d0d0d);
    const lf = zeros(x ^ 0x0a0a0a0a);
    if ((below20 & ~(cr | lf | zeros(x ^ 0x09090909))) !== 0) return -1; // another control
    // Every LF right after a CR (the byte above it in the word, or the word before's last).
    if (lf !== (((cr << 8) | (pendingCr ? 0x80 : 0)) & TOP)) return -1;
    pendingCr = cr < 0; // the last byte is a CR: its top bit is the sign bit
    if (cr !== 0) {
      const at = offset + 4 * w;
      const firstCr = at + ((31 - Math.clz32(cr & -cr)) >> 3);
      if (firstCr - lineStart > MAX_LINE) return -1;
      lineStart = at + ((31 - Math.clz32(cr)) >> 3) + 2;
    }
  }
  return lineStart;
}

/** Whether every byte is tab, CR, LF or printable ASCII (line ends alone can be fixed). */
function onlyLineEndsWrong(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if ((b < 0x20 || b > 0x7e) && b !== TAB && b !== CR && b !== LF) return false;
  }
  return true;
}

/** The same bytes with CRLF for every CRLF, lone CR and lone LF. */
function withCrlf(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(bytes.length * 2);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== CR && b !== LF) {
      out[length++] = b;
      continue;
    }
    out[length++] = CR;
    out[length++] = LF;
    if (b === CR && bytes[i + 1] === LF) i++;
  }
  return out.subarray(0, length);
}
