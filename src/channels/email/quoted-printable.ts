const HEX = Buffer.from('0123456789ABCDEF', 'latin1');
const CR = 0x0d;
const LF = 0x0a;
const EQUALS = 0x3d;
const MAX_LINE = 76;

// Where the encoding is written: reused, as only a copy of the result is returned.
let scratch = Buffer.allocUnsafeSlow(4096);

/**
 * Quoted-printable (RFC 2045 §6.7) of a body's UTF-8 bytes, with CRLF line ends whatever ends
 * the lines of the input: `=`, every byte other than tab and printable ASCII, and a space or
 * tab that ends a line (it may be stripped in transit) become `=XX`; a line over 76 characters
 * gets a soft break (`=` CRLF) after its first 75, or fewer so as not to split an `=XX`.
 * Byte by byte, in one pass: a text part is mostly ASCII around a few typographic characters.
 */
export function quotedPrintable(bytes: Uint8Array): Buffer {
  const n = bytes.length;
  // At most 3 bytes per byte, plus a soft break per 73.
  if (scratch.length < n * 4 + 8) scratch = Buffer.allocUnsafeSlow(n * 4 + 8);
  const out = scratch;
  let length = 0;
  let lineStart = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === CR || b === LF) {
      out[length++] = CR;
      out[length++] = LF;
      lineStart = length;
      if (b === CR && bytes[i + 1] === LF) i++;
      continue;
    }
    if ((b > 0x20 && b < 0x7f && b !== EQUALS) || (isBlank(b) && !endsLine(bytes, i + 1))) {
      out[length++] = b;
    } else {
      out[length++] = EQUALS;
      out[length++] = HEX[b >> 4];
      out[length++] = HEX[b & 15];
    }
    if (length - lineStart > MAX_LINE) {
      // The line only now turned out too long: break it after 75 characters (73 or 74 if that
      // would split an `=XX`), moving the few written after the break along.
      let cut = lineStart + MAX_LINE - 1;
      if (out[cut - 1] === EQUALS) cut -= 1;
      else if (out[cut - 2] === EQUALS) cut -= 2;
      for (let k = length - 1; k >= cut; k--) out[k + 3] = out[k];
      out[cut] = EQUALS;
      out[cut + 1] = CR;
      out[cut + 2] = LF;
      length += 3;
      lineStart = cut + 3;
    }
  }
  return Buffer.from(out.subarray(0, length));
}

const isBlank = (b: number) => b === 0x20 || b === 0x09;

/** Whether position `i` ends a line: a line break or the end of the bytes. */
const endsLine = (bytes: Uint8Array, i: number) =>
  i === bytes.length || bytes[i] === CR || bytes[i] === LF;
