import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { messageIdLocalPart } from '../../src/channels/email/message-id.js';
import { normalizeEvent } from '../../src/ingest/normalize-event.js';
import { validateEvent } from '../../src/ingest/validate-event.js';
import { applyEvents } from '../../src/runtime/apply-events.js';
import { openStore } from '../../src/store/open-store.js';
import { makeMessage } from '../store/journey-fixtures.js';
import { cliCommand } from '../support/cairn-process.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';

const T = Date.UTC(2026, 0, 5, 9);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function event(body: object) {
  const result = validateEvent(body);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return normalizeEvent(result.event, { receivedAt: T, source: 'api' });
}

/** An outbox file as the dev outbox writes it (only the headers matter here). */
function eml(dir: string, name: string, to: string) {
  writeFileSync(
    join(dir, `${name}.eml`),
    `Date: Mon, 05 Jan 2026 09:00:00 +0000\r\nFrom: hello@tasklane.test\r\nTo: ${to}\r\nSubject: Hi\r\n\r\nHello\r\n`,
  );
}

for (const dialect of selectedDialects()) {
  describe(`cairn users delete (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-users-'));
    const outbox = join(dir, 'outbox');
    mkdirSync(outbox);
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups) await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('erases the user, their outbox copies, and logs the erasure', async () => {
      const env: Record<string, string> = { CAIRN_OUTBOX_DIR: outbox, SMTP_URL: '' };
      let open: () => ReturnType<typeof openStore>;
      if (dialect === 'postgres') {
        const db = await scratchDatabase();
        cleanups.push(db.drop);
        env.DATABASE_URL = db.url;
        open = () => openStore({ databaseUrl: db.url });
      } else {
        const file = join(dir, 'cairn.db');
        env.CAIRN_DB = file;
        env.DATABASE_URL = '';
        open = () => openStore({ file });
      }
      const store = await open();
      await store.migrate();
      await store.transaction((tx) =>
        applyEvents(
          tx,
          [
            event({ type: 'track', anonymousId: 'visitor-1', event: 'Viewed Pricing' }),
            event({
              type: 'identify',
              userId: 'ana-91',
              anonymousId: 'visitor-1',
              traits: { email: 'ana.91@acme.test' },
            }),
            event({ type: 'identify', userId: 'bo-12', traits: { email: 'bo@acme.test' } }),
          ],
          { now: T },
        ),
      );
      await store.transaction((tx) =>
        tx.insertMessages([makeMessage('mail-ana', { profileId: 'ana-91', state: 'sent' })]),
      );
      await store.close();
      eml(outbox, messageIdLocalPart('mail-ana'), 'ana.91@acme.test');
      eml(outbox, 'a'.repeat(32), 'Ana <ANA.91@acme.test>');
      eml(outbox, 'b'.repeat(32), 'bo@acme.test');

      const run = (...args: string[]) =>
        spawnSync(process.execPath, [...cliCommand(), 'users', ...args], {
          env: { ...process.env, ...env },
          encoding: 'utf8',
        });
      const done = run('delete', 'visitor-1');
      assert.equal(done.status, 0, done.stderr);
      assert.match(
        done.stdout,
        /erased user "visitor-1": 2 events, 1 messages, .* 2 outbox files; 1 addresses suppressed/,
      );
      const missing = run('delete', 'nobody');
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /no user "nobody"/);

      assert.equal(existsSync(join(outbox, `${messageIdLocalPart('mail-ana')}.eml`)), false);
      assert.equal(existsSync(join(outbox, `${'a'.repeat(32)}.eml`)), false);
      assert.equal(existsSync(join(outbox, `${'b'.repeat(32)}.eml`)), true);
      const after = await open();
      try {
        assert.equal(await after.getProfile('ana-91'), null);
        assert.equal(await after.resolveProfileId('anon:visitor-1'), null);
        assert.notEqual(await after.getProfile('bo-12'), null);
        const [erasure] = (await after.listErasures({ limit: 5 })).items;
        assert.equal(erasure.actor, 'cli');
        assert.equal(erasure.subjectHash, sha256('ana-91'));
        assert.deepEqual(
          [
            ...(await after.suppressedAddresses([
              sha256('ana.91@acme.test'),
              sha256('bo@acme.test'),
            ])),
          ],
          [sha256('ana.91@acme.test')],
        );
      } finally {
        await after.close();
      }
    });
  });
}
