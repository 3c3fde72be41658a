import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import type { SendResult } from '../../src/channels/channel.js';
import { createEmailChannel } from '../../src/channels/email/create-email-channel.js';
import type { EmailMessage } from '../../src/channels/email/email-message.js';
import { messageId } from '../../src/channels/email/message-id.js';
import { OutboxChannel } from '../../src/channels/email/outbox-channel.js';
import { listOutbox, readOutboxMessage } from '../../src/channels/email/outbox-reader.js';
import { SmtpChannel } from '../../src/channels/email/smtp-channel.js';
import { FakeClock } from '../../src/core/clock.js';

const message = (key: string, subject: string): EmailMessage => ({
  idempotencyKey: key,
  from: { address: 'hello@mail.example.com', name: 'Acme' },
  to: { address: 'dana@acme.example', name: 'Dana' },
  subject,
  html: `<p>${subject}</p>`,
  text: subject,
  category: 'marketing',
  unsubscribe: { https: 'https://cairn.example.com/l/u/t', mailto: 'mailto:u@mail.example.com' },
});

/** The Message-ID's local part of a sent message: its file name in the outbox. */
const idOf = (result: SendResult) =>
  result.ok ? (/^<([0-9a-f]{32})@/.exec(result.providerId)?.[1] ?? '') : '';

describe('dev outbox', () => {
  let dir: string;
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 9, 0));
  let outbox: OutboxChannel;

  before(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'cairn-outbox-')), 'outbox');
    outbox = new OutboxChannel({ dir, clock, messageIdDomain: 'mail.example.com' });
  });
  after(() => rm(join(dir, '..'), { recursive: true, force: true }));

  it('writes each message as an .eml file named after its Message-ID', async () => {
    const result = await outbox.send(message('run_1:welcome', 'Welcome, Dana — ça va ?'));
    assert.ok(result.ok);
    const id = /^<([0-9a-f]{32})@mail\.example\.com>$/.exec(result.providerId)?.[1];
    assert.ok(id);
    assert.deepEqual(await readdir(dir), [`${id}.eml`]);
    const mail = await simpleParser((await readOutboxMessage(dir, id)) as Buffer);
    assert.equal(mail.subject, 'Welcome, Dana — ça va ?');
    assert.equal(mail.messageId, result.providerId);
    const post = mail.headerLines.find((h) => h.key === 'list-unsubscribe-post');
    assert.equal(post?.line, 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    assert.equal(mail.date?.getTime(), clock.now());
  });

  it('overwrites rather than duplicates a retried message', async () => {
    await outbox.send(message('run_1:welcome', 'Welcome, Dana — ça va ?'));
    assert.equal((await readdir(dir)).length, 1);
  });

  it('lists messages newest first by their Date header, with decoded subjects', async () => {
    clock.advance(60_000);
    await outbox.send(message('run_2:nudge', 'Trouble getting started?'));
    await writeFile(join(dir, 'notes.txt'), 'ignored');
    await writeFile(join(dir, `${'f'.repeat(32)}.eml`), 'Subject: still being writ');
    const entries = await listOutbox(dir);
    assert.deepEqual(
      entries.map((e) => [e.subject, e.date]),
      [
        ['Trouble getting started?', clock.now()],
        ['Welcome, Dana — ça va ?', clock.now() - 60_000],
      ],
    );
    assert.equal(entries[0].to, '"Dana" <dana@acme.example>');
    assert.ok(entries[0].size > 500);
    assert.equal((await listOutbox(dir, { limit: 1 })).length, 1);
  });

  it('reads only well-formed ids, so no path leaves the folder', async () => {
    assert.equal(await readOutboxMessage(dir, '../../etc/passwd'), null);
    assert.equal(await readOutboxMessage(dir, '0'.repeat(32)), null);
    assert.deepEqual(await listOutbox(join(dir, 'missing')), []);
  });

  it('writes many concurrent sends, each answered with its own Message-ID and file', async () => {
    const burst = join(dir, '..', 'burst');
    const channel = new OutboxChannel({ dir: burst, clock, messageIdDomain: 'mail.example.com' });
    const keys = Array.from({ length: 50 }, (_, i) => `run_${i}:burst`);
    const results = await Promise.all(keys.map((key) => channel.send(message(key, key))));
    await channel.close();
    results.forEach((result, i) => {
      assert.ok(result.ok);
      assert.equal(result.providerId, messageId(keys[i], 'mail.example.com'));
    });
    assert.equal((await readdir(burst)).length, keys.length);
    const mail = await simpleParser((await readOutboxMessage(burst, idOf(results[37]))) as Buffer);
    assert.equal(mail.subject, keys[37]);
  });

  it('fails permanently, writing nothing, for a marketing email without unsubscribe links', async () => {
    const bad = { ...message('k', 'x'), unsubscribe: undefined } as unknown as EmailMessage;
    const result = await outbox.send(bad);
    assert.ok(!result.ok);
    assert.deepEqual([result.error.kind, result.error.code], ['permanent', 'missing_unsubscribe']);
  });
});

describe('createEmailChannel', () => {
  const clock = new FakeClock();
  it('uses SMTP when SMTP_URL is set and the outbox otherwise', async () => {
    const smtp = createEmailChannel({
      smtpUrl: 'smtp://127.0.0.1:2525',
      outboxDir: '/tmp/x',
      clock,
      messageIdDomain: 'e.com',
    });
    assert.ok(smtp instanceof SmtpChannel);
    assert.equal(smtp.delivery, 'smtp');
    await smtp.close();
    const outbox = createEmailChannel({
      smtpUrl: '',
      outboxDir: '/tmp/x',
      clock,
      messageIdDomain: 'e.com',
    });
    assert.equal(outbox.delivery, 'outbox');
  });
});
