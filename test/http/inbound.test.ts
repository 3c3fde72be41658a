import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { buildLinks } from '../../src/consent/build-links.js';
import type { Store } from '../../src/store/store.js';
import { arfComplaint, mailtoUnsubscribe, postfixBounce } from '../inbound/inbound-fixtures.js';
import { forEachStore } from '../support/test-stores.js';
import { BASE_URL, consentHarness, type ConsentHarness } from './consent-fixtures.js';

const RFC822 = { 'content-type': 'message/rfc822' };

forEachStore('inbound mail: unsubscribes, bounces and complaints', (getStore: () => Store) => {
  let h: ConsentHarness;
  const inbound = (raw: Buffer | string, headers: Record<string, string> = RFC822) =>
    h.t.app.inject({
      method: 'POST',
      url: '/api/inbound/email',
      payload: raw,
      headers: { ...h.t.admin, ...headers },
    });
  const messagesOf = async (userId: string) =>
    (await getStore().listMessages({ profileId: userId }, { limit: 50 })).items;
  const identify = (userId: string) =>
    h.send('/v1/identify', {
      userId,
      traits: { email: `${userId}@acme.test`, first_name: userId },
    });

  /** Sends a tip to a new user through the dispatcher; returns the email from the dev outbox. */
  async function tipSentTo(userId: string) {
    await identify(userId);
    await h.send('/v1/track', { userId, event: 'Tip Due' });
    await h.worker.sweepDue();
    const tip = (await messagesOf(userId)).find((m) => m.template === 'tip')!;
    assert.equal(tip.state, 'sent');
    const listed = await h.t.app.inject({ url: '/api/outbox?limit=500', headers: h.t.admin });
    const entry = listed.json().items.find((e: { to: string }) => e.to.includes(userId));
    const raw = await h.t.app.inject({ url: `/api/outbox/${entry.id}`, headers: h.t.admin });
    const mail = await simpleParser(raw.rawPayload);
    const listUnsubscribe = mail.headerLines
      .find((line) => line.key === 'list-unsubscribe')!
      .line.replace(/\r?\n[ \t]+/g, ' ');
    const mailto = new URL(/<(mailto:[^>]+)>/.exec(listUnsubscribe)![1]);
    return { tip, messageId: mail.messageId!, mailto };
  }

  /** Queues and delivers the next tip and digest; returns `state: reason` of each. */
  async function nextSends(userId: string) {
    const before = new Set((await messagesOf(userId)).map((m) => m.id));
    h.t.clock.advance(60_000);
    await h.send('/v1/track', { userId, event: 'Tip Due' });
    await h.send('/v1/track', { userId, event: 'Digest Due' });
    await h.worker.sweepDue();
    const fresh = (await messagesOf(userId)).filter((m) => !before.has(m.id));
    // A sent message's reason is where the dev outbox wrote it: only its state matters.
    return Object.fromEntries(
      fresh.map((m) => [m.template, m.state === 'sent' ? 'sent' : `${m.state}: ${m.reason}`]),
    );
  }

  before(async () => {
    h = await consentHarness(getStore());
  });
  after(async () => h.close());

  it("a reply to the email's mailto unsubscribe leaves its topic, once", async () => {
    const { tip, mailto } = await tipSentTo('dana');
    assert.equal(mailto.pathname, 'unsub@cairn.test');
    const reply = mailtoUnsubscribe({
      to: mailto.pathname,
      subject: mailto.searchParams.get('subject')!,
    });
    const first = await inbound(reply);
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json(), {
      outcome: 'unsubscribe',
      reason: 'left the topic product_tips',
      userId: 'dana',
    });
    const again = await inbound(reply);
    assert.deepEqual(again.json(), {
      outcome: 'unsubscribe',
      reason: 'had already left the topic product_tips',
      userId: 'dana',
    });

    const consent = await getStore().getConsent('dana');
    assert.deepEqual(consent?.unsubscribedTopics, ['product_tips']);
    assert.deepEqual(consent?.suppressedChannels, []);
    const events = await h.internalEvents('dana', 'Unsubscribed');
    assert.equal(events.length, 1, 'the same reply twice is one event');
    assert.deepEqual(events[0].properties, {
      topic: 'product_tips',
      all: false,
      via: 'email',
      message: tip.id,
    });
    assert.deepEqual(await nextSends('dana'), {
      tip: 'suppressed: unsubscribed from topic product_tips',
      digest: 'sent',
    });
  });

  it('a bounce quoting the sent Message-ID suppresses the address, once', async () => {
    const { tip, messageId } = await tipSentTo('eli');
    const dsn = postfixBounce({ originalMessageId: messageId, recipient: 'eli@acme.test' });
    const first = await inbound(dsn);
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json(), {
      outcome: 'bounce',
      reason: 'permanent failure 5.1.1 for eli@acme.test: email suppressed',
      userId: 'eli',
    });
    const again = await inbound(dsn);
    assert.equal(
      again.json().reason,
      'permanent failure 5.1.1 for eli@acme.test: email was already suppressed',
    );

    const consent = await getStore().getConsent('eli');
    assert.deepEqual(consent?.suppressedChannels, ['email']);
    assert.equal(consent?.unsubscribedAll, false);
    const bounced = await getStore().getMessage(tip.id);
    assert.equal(bounced?.state, 'sent', 'it was accepted: it stays sent');
    assert.match(bounced!.reason!, /^bounced after it was sent: 5\.1\.1 smtp; 550 5\.1\.1/);
    const events = await h.internalEvents('eli', 'Email Bounced');
    assert.equal(events.length, 1, 'the same bounce twice is one event');
    assert.deepEqual(events[0].properties, {
      message: tip.id,
      template: 'tip',
      journey: 'tips',
      topic: 'product_tips',
      status: '5.1.1',
      recipient: 'eli@acme.test',
      diagnostic:
        'smtp; 550 5.1.1 <eli@acme.test>: Recipient address rejected: User unknown in virtual mailbox table',
      report: '<4dRq3k1x2Wz9sWP.1767614561@mx1.mail.tasklane.test>',
    });
    assert.deepEqual(await nextSends('eli'), {
      tip: 'suppressed: email is suppressed for this user',
      digest: 'suppressed: email is suppressed for this user',
    });
  });

  it('a transient failure or a delay changes nothing', async () => {
    const { messageId } = await tipSentTo('gus');
    for (const [action, status] of [
      ['delayed', '4.4.1'],
      ['failed', '4.2.2'],
    ]) {
      const res = await inbound(postfixBounce({ originalMessageId: messageId, action, status }));
      assert.equal(res.json().outcome, 'ignored');
      assert.match(res.json().reason, /not a permanent failure/);
    }
    assert.equal(await getStore().getConsent('gus'), null);
    assert.deepEqual(await h.internalEvents('gus', 'Email Bounced'), []);
  });

  it('a complaint suppresses the address and leaves all marketing, once', async () => {
    const { tip, messageId } = await tipSentTo('fay');
    const arf = arfComplaint({ originalMessageId: messageId });
    const first = await inbound(arf);
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json(), {
      outcome: 'complaint',
      reason: 'abuse report: email suppressed and all marketing left',
      userId: 'fay',
    });
    await inbound(arf);

    const consent = await getStore().getConsent('fay');
    assert.deepEqual(consent?.suppressedChannels, ['email']);
    assert.equal(consent?.unsubscribedAll, true);
    assert.match((await getStore().getMessage(tip.id))!.reason!, /^complaint after it was sent/);
    const complained = await h.internalEvents('fay', 'Email Complained');
    assert.equal(complained.length, 1, 'the same report twice is one event');
    assert.equal(complained[0].properties.feedbackType, 'abuse');
    assert.equal(complained[0].properties.message, tip.id);
    const unsubscribed = await h.internalEvents('fay', 'Unsubscribed');
    assert.deepEqual(
      unsubscribed.map((e) => e.properties),
      [{ topic: null, all: true, via: 'complaint', message: tip.id }],
    );
    assert.deepEqual(await nextSends('fay'), {
      tip: 'suppressed: email is suppressed for this user',
      digest: 'suppressed: email is suppressed for this user',
    });
  });

  it('a forged token, an unknown Message-ID or an unrelated email writes nothing', async () => {
    await identify('hal');
    const forged = buildLinks(
      {
        baseUrl: BASE_URL,
        workspaceSecret: 'not the workspace secret at all',
        unsubscribeMailbox: 'unsub@cairn.test',
      },
      { userId: 'hal', messageKey: 'm-hal', topic: null },
    ).unsubscribe_mailto;
    const subject = new URL(forged).searchParams.get('subject')!;
    const eventsBefore = await getStore().countEvents();
    for (const raw of [
      mailtoUnsubscribe({ to: 'unsub@cairn.test', subject, from: 'hal@acme.test' }),
      postfixBounce({ originalMessageId: '<0000@cairn.test>', recipient: 'hal@acme.test' }),
      arfComplaint({ originalMessageId: '<0000@cairn.test>' }),
      mailtoUnsubscribe({ to: 'unsub@cairn.test', subject: 'Question about my plan' }),
    ]) {
      const res = await inbound(raw);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().outcome, 'ignored');
      assert.equal(res.json().userId, null);
    }
    assert.equal(await getStore().getConsent('hal'), null);
    assert.equal(await getStore().countEvents(), eventsBefore);
  });

  it('takes the raw email as message/rfc822, text/plain or octet-stream, 1 MB at most', async () => {
    const subject = 'Hello';
    const raw = mailtoUnsubscribe({ to: 'unsub@cairn.test', subject });
    for (const type of [
      'text/plain',
      'application/octet-stream',
      'message/rfc822; charset=utf-8',
    ]) {
      const res = await inbound(raw, { 'content-type': type });
      assert.equal(res.statusCode, 200, type);
      assert.equal(res.json().outcome, 'ignored');
    }
    const unauthenticated = await h.t.app.inject({
      method: 'POST',
      url: '/api/inbound/email',
      payload: raw,
      headers: RFC822,
    });
    assert.equal(unauthenticated.statusCode, 401);

    const huge = Buffer.concat([raw, Buffer.alloc(1024 * 1024, 'a')]);
    const tooLarge = await inbound(huge);
    assert.equal(tooLarge.statusCode, 413);
    assert.match(tooLarge.json().error.message, /1 MB/);

    const notMail = await inbound('this is not an email');
    assert.equal(notMail.statusCode, 400);
    assert.equal(notMail.json().error.fields[0].field, 'body');
    assert.match(notMail.json().error.message, /not an email/);
    const empty = await inbound('');
    assert.equal(empty.statusCode, 400);

    const json = await inbound(JSON.stringify({ email: 'x' }), {
      'content-type': 'application/json',
    });
    assert.equal(json.statusCode, 415);
  });
});
