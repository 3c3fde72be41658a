import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTransport } from 'nodemailer';
import { pino } from 'pino';
import { readSettings } from '../../src/config/settings.js';
import { FakeClock } from '../../src/core/clock.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../src/inbound/smtp/smtp-receiver.js';
import { startCairn } from '../../src/runtime/cairn.js';
import {
  INBOUND_MAIL_LIMIT,
  processInboundMail,
} from '../../src/runtime/inbound/process-inbound-mail.js';
import type { Store } from '../../src/store/store.js';
import { consentHarness, type ConsentHarness } from '../http/consent-fixtures.js';
import { WORKSPACE_SECRET } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';
import { arfComplaint, mailtoUnsubscribe } from './inbound-fixtures.js';

/** Sends raw mail over SMTP as a mail server would (no TLS: the receiver offers none). */
function sendRaw(port: number, to: string, raw: Buffer) {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return transport
    .sendMail({ envelope: { from: 'fbl@feedback.mailbox.test', to: [to] }, raw })
    .finally(() => transport.close());
}

forEachStore('inbound SMTP receiver', (getStore: () => Store) => {
  let h: ConsentHarness;
  let receiver: SmtpReceiver;
  let failNext = false;

  before(async () => {
    h = await consentHarness(getStore());
    receiver = await startSmtpReceiver({
      port: 0,
      host: '127.0.0.1',
      domain: 'Cairn.test',
      maxBytes: INBOUND_MAIL_LIMIT,
      onMail: async (raw) => {
        if (failNext) {
          failNext = false;
          throw new Error('the database is away');
        }
        return processInboundMail(
          {
            store: getStore(),
            workspace: h.t.workspace,
            clock: h.t.clock,
            workspaceSecret: WORKSPACE_SECRET,
          },
          raw,
        );
      },
    });
  });
  after(async () => {
    await receiver.close();
    await h.close();
  });

  it('a complaint delivered over SMTP suppresses the user, as over HTTP', async () => {
    await h.send('/v1/identify', {
      userId: 'ivy',
      traits: { email: 'ivy@acme.test', first_name: 'Ivy' },
    });
    await h.send('/v1/track', { userId: 'ivy', event: 'Tip Due' });
    await h.worker.sweepDue();
    const [tip] = (await getStore().listMessages({ profileId: 'ivy' }, { limit: 5 })).items;
    assert.equal(tip.state, 'sent');
    const info = await sendRaw(
      receiver.port,
      'fbl@cairn.test',
      arfComplaint({ originalMessageId: tip.providerId! }),
    );
    assert.match(info.response, /^250 /);
    const consent = await getStore().getConsent('ivy');
    assert.deepEqual(consent?.suppressedChannels, ['email']);
    assert.equal(consent?.unsubscribedAll, true);
    assert.equal((await h.internalEvents('ivy', 'Email Complained')).length, 1);
  });

  it('refuses mail for other domains, too large or not an email; asks to retry a failure', async () => {
    const hello = mailtoUnsubscribe({ to: 'unsub@cairn.test', subject: 'Hello' });
    await assert.rejects(sendRaw(receiver.port, 'someone@elsewhere.test', hello), (error) => {
      assert.equal((error as { responseCode?: number }).responseCode, 550);
      assert.match((error as Error).message, /Relaying denied/);
      return true;
    });
    const huge = Buffer.concat([hello, Buffer.alloc(INBOUND_MAIL_LIMIT, 'a')]);
    await assert.rejects(sendRaw(receiver.port, 'unsub@cairn.test', huge), (error) => {
      assert.equal((error as { responseCode?: number }).responseCode, 552);
      return true;
    });
    await assert.rejects(
      sendRaw(receiver.port, 'unsub@cairn.test', Buffer.from('no header here\r\n')),
      (error) => {
        assert.equal((error as { responseCode?: number }).responseCode, 554);
        return true;
      },
    );
    failNext = true;
    await assert.rejects(sendRaw(receiver.port, 'unsub@CAIRN.test', hello), (error) => {
      assert.equal((error as { responseCode?: number }).responseCode, 451);
      return true;
    });
    // Ignored mail is still received: the sending server has nothing to retry.
    assert.match((await sendRaw(receiver.port, 'unsub@cairn.test', hello)).response, /^250 /);
  });
});

// The listener's life is the store's concern nowhere: one store is enough here.
describe('cairn serve with CAIRN_INBOUND_SMTP_PORT', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-inbound-smtp-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('starts the receiver for the unsubscribe mailbox domain and stops it on close', async () => {
    const settings = readSettings(
      { db: join(dir, 'cairn.db'), port: '0' },
      {
        CAIRN_WRITE_KEY: 'wk',
        CAIRN_ADMIN_KEY: 'ak',
        CAIRN_OUTBOX_DIR: join(dir, 'outbox'),
        CAIRN_UNSUBSCRIBE_MAILBOX: 'unsubscribe@mail.tasklane.test',
        CAIRN_INBOUND_SMTP_PORT: '0',
      },
    );
    const cairn = await startCairn(settings, pino({ level: 'silent' }), new FakeClock());
    const port = cairn.inboundSmtp!.port;
    try {
      assert.ok(port > 0);
      const hello = mailtoUnsubscribe({ to: 'unsubscribe@mail.tasklane.test', subject: 'Hi' });
      const info = await sendRaw(port, 'unsubscribe@mail.tasklane.test', hello);
      assert.match(info.response, /^250 /);
      await assert.rejects(sendRaw(port, 'x@tasklane.test', hello), /Relaying denied/);
    } finally {
      await cairn.close();
    }
    await assert.rejects(sendRaw(port, 'unsubscribe@mail.tasklane.test', Buffer.from('x')), {
      code: 'ESOCKET',
    });
  });

  it('reads the port setting, and refuses one that is not a port', () => {
    assert.equal(readSettings({}, {}).inboundSmtp, null);
    assert.deepEqual(
      readSettings({}, { CAIRN_INBOUND_SMTP_PORT: '2525', HOST: '0.0.0.0' }).inboundSmtp,
      {
        port: 2525,
        host: '0.0.0.0',
      },
    );
    assert.deepEqual(
      readSettings({}, { CAIRN_INBOUND_SMTP_PORT: '25', CAIRN_INBOUND_SMTP_HOST: '10.0.0.5' })
        .inboundSmtp,
      { port: 25, host: '10.0.0.5' },
    );
    assert.throws(
      () => readSettings({}, { CAIRN_INBOUND_SMTP_PORT: 'smtp' }),
      /CAIRN_INBOUND_SMTP_PORT must be a port number/,
    );
  });
});
