import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBody, isWireReady } from '../../src/channels/email/encode-body.js';
import { quotedPrintable } from '../../src/channels/email/quoted-printable.js';

// The rules as plainly as they can be written, over strings: what the byte-level code must agree
// with on every input.
const plainWireReady = (text: string) =>
  /^(?:[\t\x20-\x7e]*\r\n)*[\t\x20-\x7e]*$/.test(text) &&
  text.split('\r\n').every((line) => line.length <= 998);

function plainQuotedPrintable(text: string): string {
  const encoded = text
    .replace(/\r?\n|\r/g, '\r\n')
    .replace(/=|[^\t\r\n\x20-\x7e]+|[ \t](?=\r\n|$)/g, (match) =>
      match === '=' || match === ' ' || match === '\t'
        ? `=${match.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
        : [...Buffer.from(match)]
            .map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`)
            .join(''),
    );
  return encoded
    .split('\r\n')
    .map((line) => {
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
    })
    .join('\r\n');
}

/** The bytes of `text` at byte offset `offset` of a larger buffer (alignment varies with it). */
function at(text: string, offset: number): Buffer {
  const bytes = Buffer.from(text);
  const host = Buffer.alloc(offset + bytes.length + 8, 0x78);
  bytes.copy(host, offset);
  return host.subarray(offset, offset + bytes.length);
}

// A small seeded generator: the same "random" texts on every run.
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

const PIECES = [
  'a',
  'bc',
  'def',
  ' ',
  '\t',
  '=',
  '\r\n',
  '\n',
  '\r',
  '\r\r\n',
  '\n\r',
  'é',
  '—',
  '🎉',
  '\ud800',
  '\x00',
  '\x01',
  '\x0b',
  '\x0c',
  '\x1f',
  '\x7f',
  '\x80',
  ' \r\n',
  '\t\n',
  'x'.repeat(73),
  'x'.repeat(74),
  'x'.repeat(75),
  'x'.repeat(76),
  'x'.repeat(997),
  'x'.repeat(998),
  'x'.repeat(999),
];

function texts(count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    for (let n = Math.floor(next() * 24); n > 0; n--)
      text += PIECES[Math.floor(next() * PIECES.length)];
    return text;
  });
}

describe('email body encoding', () => {
  it('finds a body wire-ready exactly when every line is tab and printable ASCII, ended by CRLF, of at most 998', () => {
    const cases = [
      '',
      'a',
      'a\r\nb',
      'a\r\n',
      '\r\n\r\n',
      'a\tb\r\n',
      'a\nb',
      'a\rb',
      'a\r\r\nb',
      '\r',
      '\n',
      'a\r',
      'a\n',
      '\n\r',
      'caf\u00e9',
      'a\x00b',
      'a\x01b',
      'a\x0bb',
      'a\x0cb',
      'a\x7fb',
      'a\x80b',
      `${'x'.repeat(998)}\r\n${'y'.repeat(998)}`,
      `${'x'.repeat(999)}\r\nb`,
      `a\r\n${'x'.repeat(999)}`,
      `${'x'.repeat(2000)}`,
      `${'ab\r\n'.repeat(500)}`,
      `${'ab\r\n'.repeat(500)}\n`,
    ];
    // One special character at every position of two words, and the same in a valid body.
    for (const special of ['\r', '\n', '\r\n', '\n\r', '\t', '\x0b', '\x7f', '\u00e9']) {
      for (let k = 0; k < 16; k++) {
        cases.push(`${'x'.repeat(k)}${special}${'y'.repeat(15 - k)}`);
        cases.push(`a\r\n${'x'.repeat(k)}${special}${'y'.repeat(15 - k)}\r\nb`);
      }
    }
    for (const text of [...cases, ...texts(3000, 7)]) {
      // Every alignment of the bytes: the check reads them four at a time from the first
      // aligned one, and a CR or LF may fall on either side of a word's edge.
      for (let offset = 0; offset < 8; offset++) {
        assert.equal(
          isWireReady(at(text, offset)),
          plainWireReady(text),
          `${JSON.stringify(text)} at ${offset}`,
        );
      }
    }
  });

  it('keeps a wire-ready body as it is, without a copy', () => {
    const bytes = at('<p>Hello</p>\r\n<p>there</p>', 3);
    const encoded = encodeBody(bytes, '=_cairn_x');
    assert.equal(encoded.encoding, '7bit');
    assert.equal(encoded.body, bytes);
  });

  it('fixes line ends alone without quoted-printable, and encodes the rest', () => {
    for (const text of texts(3000, 11)) {
      const encoded = encodeBody(at(text, 1), '=_b');
      const crlf = text.replace(/\r?\n|\r/g, '\r\n');
      const body = Buffer.from(encoded.body).toString('latin1');
      if (plainWireReady(crlf)) assert.deepEqual([encoded.encoding, body], ['7bit', crlf]);
      else
        assert.deepEqual(
          [encoded.encoding, body],
          ['quoted-printable', plainQuotedPrintable(text)],
        );
    }
  });

  it('encodes a body holding the boundary, wire-ready or not', () => {
    for (const text of ['--=_b', 'a\r\n--=_b--\r\n', 'a\n--=_b']) {
      const encoded = encodeBody(Buffer.from(text), '=_b');
      assert.equal(encoded.encoding, 'quoted-printable');
      assert.equal(Buffer.from(encoded.body).toString('latin1'), plainQuotedPrintable(text));
    }
  });

  it('breaks quoted-printable lines at 76 characters without splitting an =XX', () => {
    for (let length = 70; length < 160; length++) {
      for (const filler of ['x', 'é', '=', ' ']) {
        const text = `${'a'.repeat(length % 7)}${filler.repeat(length)}\n${'b'.repeat(length)}`;
        const encoded = quotedPrintable(Buffer.from(text)).toString('latin1');
        assert.equal(encoded, plainQuotedPrintable(text), JSON.stringify(text));
        for (const line of encoded.split('\r\n')) assert.ok(line.length <= 76, line);
      }
    }
  });
});
