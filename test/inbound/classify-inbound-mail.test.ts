import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLinks } from '../../src/consent/build-links.js';
import { signToken } from '../../src/consent/signed-token.js';
import {
  classifyInboundMail,
  normaliseMessageId,
  type InboundClassification,
} from '../../src/inbound/classify-inbound-mail.js';
import { InboundMailError, readInboundMail } from '../../src/inbound/read-inbound-mail.js';
import { arfComplaint, mailtoUnsubscribe, postfixBounce } from './inbound-fixtures.js';

const SECRET = 'ws_inbound_test_secret';
const OLD_SECRET = 'ws_inbound_previous_secret';
const NOW = Date.UTC(2026, 0, 5, 12, 5);
const ORIGINAL = '<4f0c9d2e8a7b6c5d4e3f2a1b0c9d8e7f@mail.tasklane.test>';

async function classify(raw: Buffer, secrets: string | string[] = SECRET) {
  return classifyInboundMail(await readInboundMail(raw), { secrets, now: NOW });
}

/** The subject a mail client puts in its reply to the message's `mailto:` unsubscribe. */
function mailtoSubject(topic: string | null, secret = SECRET): string {
  const { unsubscribe_mailto } = buildLinks(
    { baseUrl: 'https://cairn.test', workspaceSecret: secret, unsubscribeMailbox: 'u@cairn.test' },
    { userId: 'dana', messageKey: 'run-1:tip:1', topic },
  );
  return decodeURIComponent(new URL(unsubscribe_mailto).searchParams.get('subject')!);
}

function ignoredReason(result: InboundClassification): string {
  assert.equal(result.outcome, 'ignored');
  return (result as { reason: string }).reason;
}

describe('classifying inbound mail', () => {
  it("an unsubscribe from the mailto link's subject carries the token's claims", async () => {
    const result = await classify(
      mailtoUnsubscribe({ to: 'u@cairn.test', subject: mailtoSubject('product_tips') }),
    );
    assert.deepEqual(result, {
      outcome: 'unsubscribe',
      claims: {
        purpose: 'message',
        userId: 'dana',
        messageKey: 'run-1:tip:1',
        topic: 'product_tips',
      },
    });
  });

  it('finds the token in the first line of the body when the subject lost it', async () => {
    const subject = mailtoSubject(null);
    const result = await classify(
      mailtoUnsubscribe({ to: 'u@cairn.test', subject: 'Re: your email', body: `\r\n${subject}` }),
    );
    assert.equal(result.outcome, 'unsubscribe');
    assert.equal((result as { claims: { topic?: string } }).claims.topic, undefined);
  });

  it('accepts a token of an older secret when given every secret, newest first', async () => {
    const raw = mailtoUnsubscribe({ to: 'u@cairn.test', subject: mailtoSubject(null, OLD_SECRET) });
    assert.equal((await classify(raw, [SECRET, OLD_SECRET])).outcome, 'unsubscribe');
  });

  it('ignores a forged, tampered or click token, and mail with none', async () => {
    const forged = mailtoSubject('product_tips', 'someone else entirely');
    assert.match(
      ignoredReason(await classify(mailtoUnsubscribe({ to: 'u@cairn.test', subject: forged }))),
      /refused \(bad-signature\)/,
    );
    const [payload, signature] = mailtoSubject(null).split(' ')[1].split('.');
    const other = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), u: 'eve' }),
    ).toString('base64url');
    const tampered = `unsubscribe ${other}.${signature}`;
    assert.match(
      ignoredReason(await classify(mailtoUnsubscribe({ to: 'u@cairn.test', subject: tampered }))),
      /bad-signature/,
    );
    const click = signToken(SECRET, { purpose: 'click', userId: 'dana', url: 'https://x.test' });
    assert.match(
      ignoredReason(
        await classify(mailtoUnsubscribe({ to: 'u@cairn.test', subject: `unsubscribe ${click}` })),
      ),
      /wrong-purpose/,
    );
    assert.match(
      ignoredReason(
        await classify(mailtoUnsubscribe({ to: 'u@cairn.test', subject: 'Lunch?', body: 'Hi' })),
      ),
      /not an unsubscribe/,
    );
  });

  it('a Postfix bounce of a permanent failure names the original Message-ID', async () => {
    const result = await classify(postfixBounce({ originalMessageId: ORIGINAL }));
    assert.deepEqual(result, {
      outcome: 'bounce',
      originalMessageId: ORIGINAL,
      failure: {
        status: '5.1.1',
        recipient: 'dana@acme.test',
        diagnostic:
          'smtp; 550 5.1.1 <dana@acme.test>: Recipient address rejected: User unknown in virtual mailbox table',
      },
    });
  });

  it('a delay or a transient failure is not a bounce', async () => {
    const delayed = postfixBounce({
      originalMessageId: ORIGINAL,
      action: 'delayed',
      status: '4.4.1',
    });
    assert.match(
      ignoredReason(await classify(delayed)),
      /not a permanent failure \(delayed 4\.4\.1\)/,
    );
    const transient = postfixBounce({ originalMessageId: ORIGINAL, status: '4.2.2' });
    assert.match(ignoredReason(await classify(transient)), /failed 4\.2\.2/);
  });

  it('a report that does not quote the original Message-ID is ignored', async () => {
    const raw = postfixBounce({ originalMessageId: '' });
    assert.match(ignoredReason(await classify(raw)), /does not quote the Message-ID/);
  });

  it('an ARF complaint names its feedback type and the reported message', async () => {
    assert.deepEqual(await classify(arfComplaint({ originalMessageId: ORIGINAL })), {
      outcome: 'complaint',
      originalMessageId: ORIGINAL,
      feedbackType: 'abuse',
    });
    const fraud = await classify(
      arfComplaint({ originalMessageId: ORIGINAL, feedbackType: 'Fraud' }),
    );
    assert.equal((fraud as { feedbackType: string }).feedbackType, 'fraud');
    const notSpam = arfComplaint({ originalMessageId: ORIGINAL, feedbackType: 'not-spam' });
    assert.match(ignoredReason(await classify(notSpam)), /not-spam/);
  });

  it('other reports are ignored, and bytes that are not an email are refused', async () => {
    const receipt = Buffer.from(
      'From: a@b.test\r\nContent-Type: multipart/report; report-type=disposition-notification; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nRead.\r\n--x--\r\n',
    );
    assert.match(ignoredReason(await classify(receipt)), /disposition-notification/);
    await assert.rejects(readInboundMail(Buffer.alloc(0)), InboundMailError);
    await assert.rejects(readInboundMail(Buffer.from('{"email": "x"}')), /not an email/);
    // An mbox "From " line first, as a local delivery agent may write it, is skipped.
    const mbox = Buffer.concat([
      Buffer.from('From MAILER-DAEMON  Mon Jan  5 12:02:41 2026\n'),
      postfixBounce({ originalMessageId: ORIGINAL }),
    ]);
    assert.equal((await classify(mbox)).outcome, 'bounce');
  });

  it('normalises a Message-ID to <local@domain>', () => {
    assert.equal(normaliseMessageId(' <a.b@c.test> (comment)'), '<a.b@c.test>');
    assert.equal(normaliseMessageId('a.b@c.test'), '<a.b@c.test>');
    assert.equal(normaliseMessageId('no id here'), null);
    assert.equal(normaliseMessageId(undefined), null);
  });
});
