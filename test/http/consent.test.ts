import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { buildLinks } from '../../src/consent/build-links.js';
import { signToken } from '../../src/consent/signed-token.js';
import type { Store } from '../../src/store/store.js';
import { WORKSPACE_SECRET } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';
import { BASE_URL, consentHarness, FORM, pathOf, type ConsentHarness } from './consent-fixtures.js';

/** Links of a message as the dispatcher builds them, for users the tests did not email. */
function linksFor(userId: string, topic: string | null, messageKey = `m-${userId}`) {
  return buildLinks(
    { baseUrl: BASE_URL, workspaceSecret: WORKSPACE_SECRET, unsubscribeMailbox: 'u@cairn.test' },
    { userId, messageKey, topic },
  );
}

forEachStore('one-click unsubscribe and the preference page', (getStore: () => Store) => {
  let h: ConsentHarness;
  const inject = (method: 'GET' | 'POST', url: string, body?: string, headers = FORM) =>
    h.t.app.inject({ method, url, payload: body, headers: body === undefined ? {} : headers });
  const stateOf = async (userId: string, template: string) =>
    (await getStore().listMessages({ profileId: userId }, { limit: 50 })).items.find(
      (m) => m.template === template,
    );
  const identify = (userId: string) =>
    h.send('/v1/identify', {
      userId,
      traits: { email: `${userId}@acme.test`, first_name: userId },
    });

  before(async () => {
    h = await consentHarness(getStore());
  });
  after(async () => h.close());

  it('a one-click POST from the sent email leaves its topic, and the next tip is suppressed', async () => {
    await identify('dana');
    await h.send('/v1/track', { userId: 'dana', event: 'Tip Due' });
    await h.worker.sweepDue();
    assert.equal((await stateOf('dana', 'tip'))?.state, 'sent');

    // The email in the dev outbox carries the RFC 8058 headers; its https URL is the endpoint.
    const listed = await h.t.app.inject({ url: '/api/outbox', headers: h.t.admin });
    const [entry] = listed.json().items;
    assert.equal(entry.subject, 'A tip for dana');
    const raw = await h.t.app.inject({ url: `/api/outbox/${entry.id}`, headers: h.t.admin });
    const mail = await simpleParser(raw.rawPayload);
    const header = (name: string) =>
      mail.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ') ?? '';
    assert.equal(
      header('list-unsubscribe-post'),
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    const https = /<(https:[^>]+)>/.exec(header('list-unsubscribe'))![1];

    // A GET (a scanner, a link preview) shows the confirmation page and changes nothing.
    const page = await inject('GET', pathOf(https));
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.match(page.body, /Stop receiving “Product tips” emails from Tasklane\?/);
    assert.match(page.body, /<form method="post">/);
    assert.equal(await getStore().getConsent('dana'), null);

    const posted = await inject('POST', pathOf(https), 'List-Unsubscribe=One-Click');
    assert.equal(posted.statusCode, 200);
    assert.match(posted.body, /You will no longer receive “Product tips” emails/);
    const again = await inject('POST', pathOf(https), 'List-Unsubscribe=One-Click');
    assert.equal(again.statusCode, 200);

    const consent = await getStore().getConsent('dana');
    assert.deepEqual(consent?.unsubscribedTopics, ['product_tips']);
    assert.equal(consent?.unsubscribedAll, false);
    const events = await h.internalEvents('dana', 'Unsubscribed');
    assert.equal(events.length, 1, 'a repeated POST is one event');
    assert.deepEqual(events[0].properties, {
      topic: 'product_tips',
      all: false,
      via: 'one_click',
      message: (await stateOf('dana', 'tip'))!.id,
    });

    const firstTip = (await stateOf('dana', 'tip'))!.id;
    h.t.clock.advance(60_000);
    await h.send('/v1/track', { userId: 'dana', event: 'Tip Due' });
    await h.send('/v1/track', { userId: 'dana', event: 'Digest Due' });
    await h.worker.sweepDue();
    const messages = (await getStore().listMessages({ profileId: 'dana' }, { limit: 50 })).items;
    const latestTip = messages.find((m) => m.template === 'tip' && m.id !== firstTip)!;
    assert.equal(latestTip.state, 'suppressed');
    assert.equal(latestTip.reason, 'unsubscribed from topic product_tips');
    assert.equal(messages.find((m) => m.template === 'digest')?.state, 'sent');
  });

  it('a link without a topic leaves all marketing; multipart bodies are accepted too', async () => {
    await identify('eli');
    const { unsubscribe } = linksFor('eli', null);
    const boundary = 'cairnboundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const posted = await inject('POST', pathOf(unsubscribe), body, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    assert.equal(posted.statusCode, 200);
    assert.match(posted.body, /no longer receive marketing emails/);
    assert.equal((await getStore().getConsent('eli'))?.unsubscribedAll, true);
    const [event] = await h.internalEvents('eli', 'Unsubscribed');
    assert.equal(event.properties.all, true);
    assert.equal(event.properties.topic, null);
  });

  it('the confirmation page button is a POST that records where it came from', async () => {
    await identify('fay');
    const { unsubscribe } = linksFor('fay', 'product_tips');
    await inject('POST', pathOf(unsubscribe), 'List-Unsubscribe=One-Click&via=page');
    const [event] = await h.internalEvents('fay', 'Unsubscribed');
    assert.equal(event.properties.via, 'unsubscribe_page');
  });

  it('the preference page lists the topics with their state, escaped, and saves them', async () => {
    await identify('gus');
    const { preferences } = linksFor('gus', 'product_tips');
    const page = await inject('GET', pathOf(preferences));
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    // Opt-out topics start ticked, opt-in ones not; labels are tied to their boxes.
    assert.match(
      page.body,
      /name="topic" value="product_tips" checked aria-describedby="topic-0-hint">\n<label for="topic-0">Product tips/,
    );
    assert.match(
      page.body,
      /name="topic" value="announcements" aria-describedby="topic-1-hint">\n<label for="topic-1">Announcements/,
    );
    assert.match(page.body, /Tips &amp; tricks &lt;b&gt;weekly&lt;\/b&gt;/);
    assert.doesNotMatch(page.body, /<b>weekly/);
    assert.match(
      page.body,
      /<label for="all-off">Unsubscribe from all marketing emails from Tasklane/,
    );
    assert.doesNotMatch(page.body, /<script/);

    // Join the opt-in topic, leave the opt-out one.
    const saved = await inject('POST', pathOf(preferences), 'form=preferences&topic=announcements');
    assert.equal(saved.statusCode, 200);
    assert.match(saved.body, /role="status">Your preferences are saved\./);
    assert.match(saved.body, /value="product_tips" aria-describedby/);
    assert.match(saved.body, /value="announcements" checked/);
    const consent = await getStore().getConsent('gus');
    assert.deepEqual(consent?.unsubscribedTopics, ['product_tips']);
    assert.deepEqual(consent?.subscribedTopics, ['announcements']);
    const changes = (await h.internalEvents('gus')).map((e) => [e.event, e.properties.topic]);
    assert.deepEqual(changes, [
      ['Unsubscribed', 'product_tips'],
      ['Subscribed', 'announcements'],
    ]);

    // Saving the same choices again writes nothing.
    await inject('POST', pathOf(preferences), 'form=preferences&topic=announcements');
    assert.equal((await h.internalEvents('gus')).length, 2);

    // The opt-in topic now reaches Gus; the topic he left does not.
    await h.send('/v1/track', { userId: 'gus', event: 'News Published' });
    await h.send('/v1/track', { userId: 'gus', event: 'Tip Due' });
    await h.worker.sweepDue();
    assert.equal((await stateOf('gus', 'news'))?.state, 'sent');
    assert.equal((await stateOf('gus', 'tip'))?.state, 'suppressed');

    // All marketing off, then on again.
    await inject('POST', pathOf(preferences), 'form=preferences&topic=announcements&all=off');
    assert.equal((await getStore().getConsent('gus'))?.unsubscribedAll, true);
    const off = await inject('GET', pathOf(preferences));
    assert.match(off.body, /id="all-off" name="all" value="off" checked/);
    await inject('POST', pathOf(preferences), 'form=preferences&topic=announcements');
    assert.equal((await getStore().getConsent('gus'))?.unsubscribedAll, false);
  });

  it('a step without a topic takes its template’s: its link leaves it, consent applies', async () => {
    await identify('lee');
    await h.send('/v1/track', { userId: 'lee', event: 'Plain Tip Due' });
    await h.worker.sweepDue();
    const [sent] = (await getStore().listMessages({ profileId: 'lee' }, { limit: 5 })).items;
    assert.equal(sent.state, 'sent');
    assert.equal(sent.topic, 'product_tips');
    const { unsubscribe } = buildLinks(
      {
        baseUrl: BASE_URL,
        workspaceSecret: WORKSPACE_SECRET,
        unsubscribeMailbox: 'unsub@cairn.test',
      },
      { userId: 'lee', messageKey: sent.id, topic: 'product_tips' },
    );
    // The link in the email is the one built with the template's topic.
    const eml = await h.t.app.inject({ url: '/api/outbox', headers: h.t.admin });
    const entry = eml.json().items.find((i: { to: string }) => i.to.includes('lee@'));
    const raw = await h.t.app.inject({ url: `/api/outbox/${entry.id}`, headers: h.t.admin });
    assert.ok(raw.body.replace(/=\r\n/g, '').includes(pathOf(unsubscribe)));
    await inject('POST', pathOf(unsubscribe), 'List-Unsubscribe=One-Click');
    assert.deepEqual((await getStore().getConsent('lee'))?.unsubscribedTopics, ['product_tips']);

    h.t.clock.advance(60_000);
    await h.send('/v1/track', { userId: 'lee', event: 'Plain Tip Due' });
    await h.worker.sweepDue();
    const [next] = (await getStore().listMessages({ profileId: 'lee' }, { limit: 5 })).items;
    assert.notEqual(next.id, sent.id);
    assert.equal(next.state, 'suppressed');
    assert.equal(next.reason, 'unsubscribed from topic product_tips');
  });

  it('an opt-in topic reaches no one who did not join it', async () => {
    await identify('hal');
    await h.send('/v1/track', { userId: 'hal', event: 'News Published' });
    await h.worker.sweepDue();
    const news = await stateOf('hal', 'news');
    assert.equal(news?.state, 'suppressed');
    assert.match(news?.reason ?? '', /opt-in/);
  });

  it('a POST that is not the page’s form saves nothing', async () => {
    await identify('ivy');
    const { preferences } = linksFor('ivy', null);
    const res = await inject('POST', pathOf(preferences), 'topic=announcements');
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Nothing was saved/);
    assert.equal(await getStore().getConsent('ivy'), null);
  });

  it('refuses tampered, expired and wrong-purpose tokens with a page, writing nothing', async () => {
    await identify('jo');
    const { unsubscribe, preferences } = linksFor('jo', 'product_tips');
    const token = pathOf(unsubscribe).slice('/l/u/'.length);
    const [payload, signature] = token.split('.');
    // Another user's id with Jo's signature.
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), u: 'kai' }),
    ).toString('base64url');
    const flipped =
      signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    const expired = signToken(WORKSPACE_SECRET, {
      purpose: 'message',
      userId: 'jo',
      messageKey: 'm',
      expiresAt: h.t.clock.now() - 1,
    });
    const click = signToken(WORKSPACE_SECRET, {
      purpose: 'click',
      userId: 'jo',
      url: 'https://x.test',
    });
    const otherSecret = signToken('another_workspace_secret', { purpose: 'message', userId: 'jo' });
    const cases: [string, RegExp][] = [
      [`/l/u/${forged}.${signature}`, /not valid/],
      [`/l/u/${payload}.${flipped}`, /not valid/],
      [`/l/u/${payload}`, /not valid/],
      [`/l/u/${expired}`, /has expired/],
      [`/l/u/${click}`, /not valid/],
      [`/l/u/${otherSecret}`, /not valid/],
      [`/l/p/${forged}.${signature}`, /not valid/],
    ];
    for (const [url, message] of cases) {
      for (const method of ['GET', 'POST'] as const) {
        const body = url.startsWith('/l/p/') ? 'form=preferences' : 'List-Unsubscribe=One-Click';
        const res = await inject(method, url, method === 'POST' ? body : undefined);
        assert.equal(res.statusCode, 400, `${method} ${url}`);
        assert.match(res.body, message);
        assert.doesNotMatch(res.body, /kai/);
      }
    }
    assert.equal(await getStore().getConsent('jo'), null);
    assert.equal(await getStore().getConsent('kai'), null);
    assert.equal((await h.internalEvents('jo')).length, 0);
    // The genuine links still work.
    assert.equal((await inject('GET', pathOf(preferences))).statusCode, 200);
  });

  it('view in browser shows the email as it was sent, to its recipient only', async () => {
    const tip = (
      await getStore().listMessages({ profileId: 'dana', journeyId: 'tips' }, { limit: 5 })
    ).items.at(-1)!;
    const own = linksFor('dana', 'product_tips', tip.id);
    const res = await inject('GET', pathOf(own.view_in_browser));
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    assert.match(res.headers['content-security-policy'] as string, /default-src 'none'/);
    assert.match(res.body, /Try <a href="[^"]+"/);
    assert.match(res.body, /Sent to dana\./);
    // Its own links are the ones the email carried: the same token.
    assert.ok(res.body.includes(own.unsubscribe));
    // The profile changes after the send: the page still shows what was sent.
    await h.send('/v1/identify', { userId: 'dana', traits: { first_name: 'Dana Renamed' } });
    const later = await inject('GET', pathOf(own.view_in_browser));
    assert.match(later.body, /Sent to dana\./);
    assert.doesNotMatch(later.body, /Renamed/);
    // Another user's token for Dana's message, a message not in the log: nothing to show.
    for (const url of [
      linksFor('eli', null, tip.id).view_in_browser,
      linksFor('dana', null, 'no-such-message').view_in_browser,
    ]) {
      const other = await inject('GET', pathOf(url));
      assert.equal(other.statusCode, 404);
      assert.match(other.body, /can no longer be shown in a browser/);
    }
    assert.equal((await inject('GET', '/l/v/nonsense')).statusCode, 400);
  });
});
