import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { buildMimeMessage } from '../../src/channels/email/build-mime-message.js';
import type { EmailMessage } from '../../src/channels/email/email-message.js';
import { messageId } from '../../src/channels/email/message-id.js';
import { encodeBody } from '../../src/channels/email/encode-body.js';
import { headerValue, MimeError } from '../../src/channels/email/mime-encoding.js';

const base: EmailMessage = {
  idempotencyKey: 'run_9:step_2',
  from: { address: 'hello@mail.example.com', name: 'Acme "Analytics"' },
  to: { address: 'dana@acme.example', name: 'Dána Müller' },
  replyTo: { address: 'sam@acme.example' },
  subject: 'Plain subject',
  html: '<p>Hello</p>',
  text: 'Hello',
  category: 'transactional',
};
const options = { date: Date.UTC(2026, 0, 5, 9, 0, 7), messageIdDomain: 'mail.example.com' };

const lines = (raw: Buffer) => raw.toString('latin1').split('\r\n');

/** A body encoded from its UTF-8 bytes, as text. */
const encode = (body: string, boundary: string) => {
  const encoded = encodeBody(Buffer.from(body), boundary);
  return { encoding: encoded.encoding, body: Buffer.from(encoded.body).toString('latin1') };
};

describe('MIME message', () => {
  it('has the headers a mail client expects, CRLF line ends and the sender clock date', async () => {
    const raw = buildMimeMessage(base, options);
    const head = raw.toString('latin1').split('\r\n\r\n')[0];
    assert.match(head, /^Date: Mon, 05 Jan 2026 09:00:07 \+0000\r\n/);
    assert.match(head, /\r\nMessage-ID: <[0-9a-f]{32}@mail\.example\.com>\r\n/);
    assert.match(head, /\r\nMIME-Version: 1\.0\r\n/);
    assert.doesNotMatch(raw.toString('latin1'), /[^\r]\n/);
    const mail = await simpleParser(raw);
    assert.equal(mail.from?.value[0].name, 'Acme "Analytics"');
    assert.deepEqual((mail.to as { value: { name: string; address: string }[] }).value[0], {
      name: 'Dána Müller',
      address: 'dana@acme.example',
    });
    assert.equal(mail.replyTo?.value[0].address, 'sam@acme.example');
    assert.equal(mail.messageId, messageId('run_9:step_2', 'mail.example.com'));
    assert.equal(mail.text, 'Hello');
    assert.equal(mail.html, '<p>Hello</p>');
  });

  it('derives the same Message-ID from the same idempotency key, and another from another', () => {
    assert.equal(messageId('a', 'x.com'), messageId('a', 'x.com'));
    assert.notEqual(messageId('a', 'x.com'), messageId('b', 'x.com'));
  });

  it('encodes non-ASCII subjects and keeps header lines short', async () => {
    const subject = `Dana, ton rapport « Ventes été » est prêt — ${'très '.repeat(20)}🎉`;
    const raw = buildMimeMessage({ ...base, subject }, options);
    for (const line of lines(raw)) assert.ok(line.length <= 998);
    const head = raw.toString('latin1').split('\r\n\r\n')[0];
    for (const line of head.split('\r\n')) assert.ok(line.length <= 78, line);
    assert.equal((await simpleParser(raw)).subject, subject);
  });

  it('folds long ASCII subjects at spaces', async () => {
    const subject = 'Your weekly report: '.repeat(8).trim();
    const raw = buildMimeMessage({ ...base, subject }, options);
    assert.equal((await simpleParser(raw)).subject, subject);
  });

  it('cannot be made to inject headers through the subject or a name', async () => {
    const raw = buildMimeMessage(
      {
        ...base,
        subject: 'Hi\r\nBcc: victim@example.com',
        to: { address: 'dana@acme.example', name: 'x\r\nBcc: y@z.com' },
      },
      options,
    );
    const mail = await simpleParser(raw);
    assert.equal(mail.bcc, undefined);
    assert.equal(mail.subject, 'Hi Bcc: victim@example.com');
  });

  it('sends ASCII bodies as 7bit and others quoted-printable, lines of at most 76', async () => {
    assert.equal(encode('plain\nascii', '=_b').encoding, '7bit');
    const html = `<p>${'Café crème — '.repeat(40)}</p>\n<p>a=b </p>`;
    const encoded = encode(html, '=_b');
    assert.equal(encoded.encoding, 'quoted-printable');
    for (const line of encoded.body.split('\r\n')) assert.ok(line.length <= 76, line);
    const mail = await simpleParser(
      buildMimeMessage({ ...base, html, text: `${'x'.repeat(1200)} é` }, options),
    );
    assert.equal(mail.html, html);
    assert.equal(mail.text, `${'x'.repeat(1200)} é`);
  });

  it('keeps a body as it is only with CRLF line ends, 7bit characters and lines of at most 998', () => {
    const kept = (body: string) => {
      const encoded = encode(body, '=_b');
      return encoded.encoding === '7bit' && encoded.body === body;
    };
    assert.ok(kept('a\r\nb\tc\r\n'));
    assert.ok(kept(`${'x'.repeat(998)}\r\n${'y'.repeat(998)}`));
    for (const body of ['a\nb', 'a\rb', 'a\r\r\nb', '\n', 'a\r', 'caf\u00e9', 'a\x01b', 'a\x7fb']) {
      assert.ok(!kept(body), JSON.stringify(body));
    }
    assert.ok(!kept(`${'x'.repeat(999)}\r\nb`));
    assert.ok(!kept(`a\r\n${'x'.repeat(999)}`));
    // Line ends alone are fixed without quoted-printable.
    assert.deepEqual(encode('a\nb\rc', '=_b'), { encoding: '7bit', body: 'a\r\nb\r\nc' });
  });

  it('quoted-printable encodes =, non-ASCII and controls, and a space or tab ending a line', () => {
    assert.deepEqual(encode('a=b \n\u00e9\x01\t\nend ', '=_b'), {
      encoding: 'quoted-printable',
      body: 'a=3Db=20\r\n=C3=A9=01=09\r\nend=20',
    });
  });

  it('encodes a 7bit body that happens to contain the boundary', () => {
    const boundary = '=_cairn_x';
    assert.equal(encode(`--${boundary}`, boundary).encoding, 'quoted-printable');
  });

  it('refuses bad addresses, a marketing email without unsubscribe, and reserved headers', () => {
    const refuse = (m: EmailMessage, code: string) =>
      assert.throws(
        () => buildMimeMessage(m, options),
        (e: unknown) => e instanceof MimeError && e.code === code,
      );
    refuse({ ...base, to: { address: 'dana@acme.example>, evil@x.com' } }, 'invalid_address');
    refuse({ ...base, to: { address: 'dana' } }, 'invalid_address');
    refuse({ ...base, category: 'marketing' } as unknown as EmailMessage, 'missing_unsubscribe');
    refuse(
      {
        ...base,
        category: 'marketing',
        unsubscribe: { https: 'http://insecure', mailto: 'mailto:u@x.com' },
      },
      'missing_unsubscribe',
    );
    refuse(
      {
        ...base,
        category: 'marketing',
        unsubscribe: { https: 'http://localhost.evil.test/l/u/t', mailto: 'mailto:u@x.com' },
      },
      'missing_unsubscribe',
    );
    refuse({ ...base, headers: { 'Message-ID': '<x@y>' } }, 'invalid_header');
    refuse({ ...base, headers: { 'Bad Name': 'x' } }, 'invalid_header');
  });

  it('accepts an http unsubscribe link only for a Cairn on this machine (the dev default)', () => {
    const marketing = (https: string) =>
      ({
        ...base,
        category: 'marketing',
        unsubscribe: { https, mailto: 'mailto:u@x.com' },
      }) as EmailMessage;
    for (const url of ['http://127.0.0.1:4000/l/u/t', 'http://localhost/l/u/t'])
      assert.match(
        buildMimeMessage(marketing(url), options).toString('latin1'),
        new RegExp(`List-Unsubscribe: <${url.replace(/[.]/g, '\\.')}>`),
      );
  });

  it('passes extra headers through, folded when long', async () => {
    const raw = buildMimeMessage(
      { ...base, headers: { 'Feedback-ID': 'welcome:activation:cairn' } },
      options,
    );
    assert.equal((await simpleParser(raw)).headers.get('feedback-id'), 'welcome:activation:cairn');
    assert.equal(headerValue('a '.repeat(60).trim(), 10).split('\r\n').length, 2);
  });
});
