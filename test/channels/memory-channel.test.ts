import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import type { EmailMessage } from '../../src/channels/email/email-message.js';
import { MEMORY_PREFIX, MemoryChannel } from '../../src/channels/email/memory-channel.js';
import { OutboxChannel } from '../../src/channels/email/outbox-channel.js';
import { FakeClock } from '../../src/core/clock.js';

const DOMAIN = 'mail.example.com';

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

describe('in-memory email channel', () => {
  it('answers as the dev outbox does and keeps the bytes the outbox writes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-memory-'));
    try {
      const clock = new FakeClock(Date.UTC(2026, 0, 5, 9, 0));
      const memory = new MemoryChannel({ clock, messageIdDomain: DOMAIN });
      const outbox = new OutboxChannel({ dir, clock, messageIdDomain: DOMAIN });
      const email = message('run_1:welcome', 'Welcome, Dana — ça va ?');
      const kept = await memory.send(email);
      const written = await outbox.send(email);
      await outbox.close();
      assert.ok(kept.ok && written.ok);
      assert.equal(kept.providerId, written.providerId);
      const id = /^<([0-9a-f]{32})@mail\.example\.com>$/.exec(kept.providerId)![1]!;
      assert.equal(kept.detail, `${MEMORY_PREFIX}${id}`);
      assert.deepEqual(await readdir(dir), [`${id}.eml`]);
      const file = await readFile(join(dir, `${id}.eml`));
      assert.ok(memory.raw(id)!.equals(file), 'the same bytes as the outbox file');
      const mail = await simpleParser(memory.raw(id)!);
      assert.equal(mail.subject, 'Welcome, Dana — ça va ?');
      assert.equal(mail.date?.getTime(), clock.now());
      assert.equal(memory.raw('0'.repeat(32)), null);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses what the outbox refuses, with the same code, and keeps nothing of it', async () => {
    const clock = new FakeClock(0);
    const memory = new MemoryChannel({ clock, messageIdDomain: DOMAIN });
    const { unsubscribe: _unsubscribe, ...rest } = message('run_2:news', 'News');
    const noLinks = { ...rest, category: 'marketing' } as unknown as EmailMessage;
    const result = await memory.send(noLinks);
    assert.deepEqual(result.ok ? null : [result.error.kind, result.error.code], [
      'permanent',
      'missing_unsubscribe',
    ]);
    const badHeader = { ...message('run_3:x', 'X'), headers: { 'Message-ID': '<spoof@x>' } };
    const refused = await memory.send(badHeader);
    assert.equal(refused.ok ? null : refused.error.code, 'invalid_header');
    assert.equal(memory.count, 0);
    assert.deepEqual(memory.messages(), []);
  });

  it('keeps the latest emails only, a re-sent one once, and counts every send', async () => {
    const clock = new FakeClock(1_000);
    const memory = new MemoryChannel({ clock, messageIdDomain: DOMAIN, keep: 3 });
    for (let i = 1; i <= 5; i++) {
      clock.set(i * 1_000);
      await memory.send(message(`run_${i}:welcome`, `Hello ${i}`));
    }
    clock.set(9_000);
    await memory.send(message('run_4:welcome', 'Hello 4'));
    assert.equal(memory.count, 6);
    const kept = memory.messages();
    assert.deepEqual(
      kept.map((email) => [email.message.subject, email.date]),
      [
        ['Hello 3', 3_000],
        ['Hello 5', 5_000],
        ['Hello 4', 9_000],
      ],
    );
  });

  it('copies what it kept into the dev outbox, each email dated when it was sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-memory-'));
    try {
      const clock = new FakeClock(0);
      const memory = new MemoryChannel({ clock, messageIdDomain: DOMAIN, keep: 2 });
      for (let i = 1; i <= 3; i++) {
        clock.set(Date.UTC(2026, 0, i, 10));
        await memory.send(message(`run_${i}:welcome`, `Hello ${i}`));
      }
      const outboxClock = new FakeClock(0);
      const outbox = new OutboxChannel({ dir, clock: outboxClock, messageIdDomain: DOMAIN });
      assert.equal(await memory.copyTo(outbox, outboxClock), 2);
      await outbox.close();
      const files = (await readdir(dir)).sort();
      assert.deepEqual(
        files,
        memory
          .messages()
          .map((email) => `${email.id}.eml`)
          .sort(),
      );
      for (const email of memory.messages()) {
        const file = await readFile(join(dir, `${email.id}.eml`));
        assert.ok(memory.raw(email.id)!.equals(file));
        const mail = await simpleParser(file);
        assert.equal(mail.date?.getTime(), email.date);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
