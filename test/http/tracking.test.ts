import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { clickLink } from '../../src/consent/click-link.js';
import { LINK_ROUTES } from '../../src/consent/link-routes.js';
import { signToken } from '../../src/consent/signed-token.js';
import type { Store } from '../../src/store/store.js';
import { WORKSPACE_SECRET } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';
import { BASE_URL, consentHarness, pathOf, type ConsentHarness } from './consent-fixtures.js';

const options = { baseUrl: BASE_URL, workspaceSecret: WORKSPACE_SECRET };
const openPath = (userId: string, messageKey: string) =>
  LINK_ROUTES.open + signToken(WORKSPACE_SECRET, { purpose: 'message', userId, messageKey });

forEachStore('engagement tracking', (getStore: () => Store) => {
  let h: ConsentHarness;
  const get = (url: string) => h.t.app.inject({ method: 'GET', url });

  before(async () => {
    h = await consentHarness(getStore());
    await h.send('/v1/identify', { userId: 'dana', traits: { email: 'dana@acme.test' } });
    await h.send('/v1/track', { userId: 'dana', event: 'Tip Due' });
  });
  after(async () => h.close());

  it('the open pixel is an uncached GIF and records Email Opened once per message', async () => {
    const [tip] = (await getStore().listMessages({ profileId: 'dana' }, { limit: 5 })).items;
    const first = await get(openPath('dana', tip.id));
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['content-type'], 'image/gif');
    assert.match(first.headers['cache-control'] as string, /no-store/);
    assert.equal(first.rawPayload.subarray(0, 6).toString(), 'GIF89a');
    h.t.clock.advance(60_000);
    await get(openPath('dana', tip.id));
    const opened = await h.internalEvents('dana', 'Email Opened');
    assert.equal(opened.length, 1, 'the first open only');
    assert.deepEqual(opened[0].properties, {
      message: tip.id,
      template: 'tip',
      journey: 'tips',
      topic: 'product_tips',
    });
    // Another message's open is its own event; a user Cairn does not know records nothing.
    await get(openPath('dana', 'another-message'));
    await get(openPath('nobody', 'm-1'));
    assert.equal((await h.internalEvents('dana', 'Email Opened')).length, 2);
    assert.equal(await getStore().resolveProfileId('nobody'), null);
  });

  it('a click redirects to the signed URL and records Email Clicked once per link', async () => {
    const recipient = { userId: 'dana', messageKey: 'm-click' };
    const reports = clickLink(options, recipient, 'https://app.tasklane.test/reports?from=email');
    const billing = clickLink(options, recipient, 'https://app.tasklane.test/billing');
    for (const url of [reports, reports, billing]) {
      const res = await get(pathOf(url));
      assert.equal(res.statusCode, 302);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
    assert.equal(
      (await get(pathOf(reports))).headers.location,
      'https://app.tasklane.test/reports?from=email',
    );
    // A HEAD (a link checker) is answered the same way and records nothing.
    const other = clickLink(options, recipient, 'https://app.tasklane.test/head-only');
    const head = await h.t.app.inject({ method: 'HEAD', url: pathOf(other) });
    assert.equal(head.statusCode, 302);
    const clicked = await h.internalEvents('dana', 'Email Clicked');
    assert.deepEqual(
      clicked.map((e) => e.properties.url),
      ['https://app.tasklane.test/reports?from=email', 'https://app.tasklane.test/billing'],
    );
    assert.equal(clicked[0].properties.message, 'm-click');
  });

  it('never redirects to a URL it did not sign', async () => {
    const genuine = pathOf(
      clickLink(options, { userId: 'dana', messageKey: 'm-x' }, 'https://a.test/'),
    );
    const [payload, signature] = genuine.slice(LINK_ROUTES.click.length).split('.');
    const wire = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const swapped = Buffer.from(JSON.stringify({ ...wire, l: 'https://evil.test/' })).toString(
      'base64url',
    );
    const unsafe = signToken(WORKSPACE_SECRET, {
      purpose: 'click',
      userId: 'dana',
      messageKey: 'm-x',
      url: 'javascript:alert(1)',
    });
    const message = signToken(WORKSPACE_SECRET, { purpose: 'message', userId: 'dana' });
    const before = (await h.internalEvents('dana', 'Email Clicked')).length;
    for (const token of [
      `${swapped}.${signature}`,
      payload,
      unsafe,
      message,
      'https%3A%2F%2Fevil.test',
    ]) {
      const res = await get(LINK_ROUTES.click + token);
      assert.equal(res.statusCode, 400, token);
      assert.equal(res.headers.location, undefined);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
    }
    // A tampered pixel is refused too, and nothing is recorded for any of them.
    assert.equal((await get(`${LINK_ROUTES.open}${swapped}.${signature}`)).statusCode, 400);
    assert.equal((await h.internalEvents('dana', 'Email Clicked')).length, before);
  });

  it('a sent marketing email carries the pixel and tracked links that record engagement', async () => {
    await h.send('/v1/identify', {
      userId: 'uma',
      traits: { email: 'uma@acme.test', first_name: 'Uma' },
    });
    await h.send('/v1/track', { userId: 'uma', event: 'Tip Due' });
    await h.worker.sweepDue();
    const listed = await h.t.app.inject({ url: '/api/outbox', headers: h.t.admin });
    const entry = listed.json().items.find((i: { to: string }) => i.to.includes('uma@'));
    const raw = await h.t.app.inject({ url: `/api/outbox/${entry.id}`, headers: h.t.admin });
    const mail = await simpleParser(raw.rawPayload);
    const body = mail.html || '';
    const pixel = /<img src="(https:\/\/cairn\.test\/l\/o\/[^"]+)"/.exec(body)![1];
    const click = /href="(https:\/\/cairn\.test\/l\/c\/[^"]+)"/.exec(body)![1];
    // The unsubscribe link is not wrapped; the text part keeps the plain destination.
    assert.match(body, /href="https:\/\/cairn\.test\/l\/u\//);
    assert.match(mail.text || '', /https:\/\/app\.tasklane\.test\/reports/);

    assert.equal((await get(pathOf(pixel))).statusCode, 200);
    const followed = await get(pathOf(click));
    assert.equal(followed.headers.location, 'https://app.tasklane.test/reports');
    const [tip] = (
      await getStore().listMessages({ profileId: 'uma', journeyId: 'tips' }, { limit: 1 })
    ).items;
    const events = (await h.internalEvents('uma')).map((e) => [e.event, e.properties.message]);
    assert.deepEqual(events, [
      ['Email Opened', tip.id],
      ['Email Clicked', tip.id],
    ]);
  });

  it('engagement events count on the profile and start journeys', async () => {
    const profile = await getStore().getProfile('dana');
    assert.equal(profile?.counters['Email Opened']?.count, 2);
    assert.equal(profile?.counters['Email Clicked']?.count, 2);
    // `opened` starts on Email Opened where template is tip: the first open above.
    const runs = await getStore().listRuns(
      { profileId: 'dana', journeyId: 'opened' },
      { limit: 5 },
    );
    assert.equal(runs.items.length, 1);
    const messages = await getStore().listMessages(
      { profileId: 'dana', journeyId: 'opened' },
      { limit: 5 },
    );
    assert.equal(messages.items[0]?.template, 'digest');
  });
});

describe('tracking off (CAIRN_TRACKING=off)', () => {
  forEachStore('tracking off', (getStore: () => Store) => {
    let h: ConsentHarness;
    before(async () => {
      h = await consentHarness(getStore(), { tracking: false });
      await h.send('/v1/identify', { userId: 'eve', traits: { email: 'eve@acme.test' } });
    });
    after(async () => h.close());

    it('still serves the pixel and follows links already sent, recording nothing', async () => {
      const pixel = await h.t.app.inject({ url: openPath('eve', 'm-1') });
      assert.equal(pixel.statusCode, 200);
      const url = clickLink(options, { userId: 'eve', messageKey: 'm-1' }, 'https://a.test/x');
      const click = await h.t.app.inject({ url: pathOf(url) });
      assert.equal(click.statusCode, 302);
      assert.equal(click.headers.location, 'https://a.test/x');
      assert.deepEqual(await h.internalEvents('eve'), []);
    });
  });
});
