import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SmtpChannel } from '../../src/channels/email/smtp-channel.js';
import { toEmailMessage } from '../../src/channels/email/to-email-message.js';
import type { EmailMessage } from '../../src/channels/email/email-message.js';
import { buildLinks } from '../../src/consent/build-links.js';
import { FakeClock } from '../../src/core/clock.js';
import { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import { sampleRenderContext } from '../../src/templates/sample-render-context.js';
import { removeTemplates, WELCOME, writeTemplates } from '../templates/template-fixtures.js';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server.js';

const clock = new FakeClock(Date.UTC(2026, 0, 5, 9, 30));
const links = buildLinks(
  {
    baseUrl: 'https://cairn.example.com',
    workspaceSecret: 'ws_test-secret-0123456789',
    unsubscribeMailbox: 'unsubscribe@mail.example.com',
  },
  { userId: 'user_42', messageKey: 'run_1:step_welcome', topic: 'onboarding' },
);

function headerLine(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line
    ?.replace(/\r?\n[ \t]/g, ' ')
    .slice(name.length + 1)
    .trim();
}

describe('SMTP channel, against a real SMTP server process', () => {
  let server: SmtpTestServer;
  let channel: SmtpChannel;
  let renderer: LiquidRenderer;
  let dir: string;

  before(async () => {
    server = await startSmtpTestServer();
    channel = new SmtpChannel({
      url: `smtp://127.0.0.1:${server.port}`,
      clock,
      messageIdDomain: 'mail.example.com',
      // The test server's certificate is self-signed; STARTTLS still encrypts the session.
      tls: { rejectUnauthorized: false },
    });
    dir = await writeTemplates({
      'welcome.mjml.liquid': WELCOME,
      'receipt.mjml.liquid':
        '---\nsubject: Your receipt\ncategory: transactional\n---\n<p>Paid.</p>',
    });
    renderer = await LiquidRenderer.fromDirectory(dir);
  });

  after(async () => {
    await channel.close();
    await server.stop();
    await removeTemplates(dir);
  });

  const to = { address: 'dana@acme.example', name: 'Dana Smith' };
  const from = { address: 'hello@mail.example.com', name: 'Acme Analytics' };

  it('delivers a rendered marketing email with one-click unsubscribe headers', async () => {
    const context = sampleRenderContext({ links });
    const rendered = renderer.renderEmail('welcome', context);
    const message = toEmailMessage(rendered, {
      idempotencyKey: 'run_1:step_welcome',
      from,
      to,
      links,
    });
    const result = await channel.send(message);
    assert.ok(result.ok, JSON.stringify(result));
    assert.match(result.providerId, /^<[0-9a-f]{32}@mail\.example\.com>$/);
    assert.match(result.detail ?? '', /Queued as test-queue-id/);

    const received = await server.nextMail();
    assert.equal(received.secure, true, 'the session was upgraded with STARTTLS');
    assert.equal(received.from, 'hello@mail.example.com');
    assert.deepEqual(received.to, ['dana@acme.example']);

    const mail = await simpleParser(received.raw);
    assert.equal(mail.subject, 'Dana, your PostgreSQL data is in — café next?');
    assert.equal(mail.subject, rendered.subject);
    assert.equal(mail.messageId, result.providerId);
    assert.equal(mail.date?.getTime(), clock.now());
    assert.equal(
      headerLine(mail, 'list-unsubscribe'),
      `<${links.unsubscribe}>, <${links.unsubscribe_mailto}>`,
    );
    assert.equal(headerLine(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.equal(mail.text?.trim(), rendered.text);
    assert.equal(mail.html, rendered.html.replace(/\r?\n/g, '\n'));
    assert.match(mail.html || '', /You connected <b>PostgreSQL<\/b> \(12 tables\)/);
    assert.match(mail.html || '', new RegExp(`href="${links.unsubscribe}"`));
    assert.match(
      mail.text ?? '',
      /Create your first report \(https:\/\/app\.example\.com\/reports\/new\?source=PostgreSQL\)/,
    );
    assert.match(mail.text ?? '', /Unsubscribe \(https:\/\/cairn\.example\.com\/l\/u\//);
  });

  it('sends transactional email without List-Unsubscribe', async () => {
    const rendered = renderer.renderEmail('receipt', sampleRenderContext({ links }));
    const message = toEmailMessage(rendered, { idempotencyKey: 'receipt:1', from, to, links });
    assert.equal(message.category, 'transactional');
    const result = await channel.send(message);
    assert.ok(result.ok);
    const mail = await simpleParser((await server.nextMail()).raw);
    assert.equal(mail.subject, 'Your receipt');
    assert.equal(headerLine(mail, 'list-unsubscribe'), undefined);
    assert.equal(headerLine(mail, 'list-unsubscribe-post'), undefined);
    assert.doesNotMatch(mail.html || '', /Unsubscribe/);
  });

  const plain = (address: string, key: string): EmailMessage => ({
    idempotencyKey: key,
    from,
    to: { address },
    subject: 'Hello',
    html: '<p>Hello</p>',
    text: 'Hello',
    category: 'transactional',
  });

  it('classifies 451 at RCPT TO as temporary', async () => {
    const result = await channel.send(plain('tempfail@acme.example', 'k451'));
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'temporary');
    assert.equal(result.error.code, 'smtp_451');
    assert.equal(result.error.suppress, undefined);
  });

  it('classifies 550 5.1.1 at RCPT TO as a permanent hard bounce', async () => {
    const result = await channel.send(plain('bounce@acme.example', 'k550'));
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'permanent');
    assert.equal(result.error.code, 'smtp_550');
    assert.equal(result.error.suppress, 'bounced');
  });

  it('classifies a 554 policy refusal after DATA as permanent, without suppressing the address', async () => {
    const result = await channel.send(plain('blocked@acme.example', 'k554'));
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'permanent');
    assert.equal(result.error.code, 'smtp_554');
    assert.equal(result.error.suppress, undefined);
  });

  it('refuses, permanently and without connecting, a message it cannot build', async () => {
    const result = await channel.send(plain('not an address', 'kbad'));
    assert.ok(!result.ok);
    assert.deepEqual([result.error.kind, result.error.code], ['permanent', 'invalid_address']);
  });
});

describe('SMTP channel without a server', () => {
  it('classifies a refused connection as temporary', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const channel = new SmtpChannel({
      url: `smtp://127.0.0.1:${port}`,
      clock,
      messageIdDomain: 'example.com',
    });
    const result = await channel.send({
      idempotencyKey: 'k',
      from: { address: 'a@example.com' },
      to: { address: 'b@example.com' },
      subject: 'x',
      html: 'x',
      text: 'x',
      category: 'transactional',
    });
    await channel.close();
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'temporary');
    assert.equal(result.error.code, 'connection');
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    assert.throws(
      () => new SmtpChannel({ url: 'http://x', clock, messageIdDomain: 'example.com' }),
      /SMTP_URL/,
    );
  });
});
