import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildLinks } from '../../src/consent/build-links.js';
import { clickLink } from '../../src/consent/click-link.js';
import type { MessageRecord, Store } from '../../src/store/store.js';
import { WORKSPACE_SECRET } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';
import { BASE_URL, consentHarness, pathOf, type ConsentHarness } from './consent-fixtures.js';

const DAY = 86_400_000;

/**
 * The links of a message expire, counted from the message's creation: view in browser, the
 * open pixel and tracked clicks after 90 days (CAIRN_LINK_DAYS), unsubscribe and preferences
 * after 365 (CAIRN_UNSUBSCRIBE_LINK_DAYS, never under 60), so a forwarded email cannot show
 * or change anything for ever.
 */
forEachStore('links in messages expire', (getStore: () => Store) => {
  let h: ConsentHarness;
  let tip: MessageRecord;
  let links: ReturnType<typeof buildLinks>;
  const get = (url: string) => h.t.app.inject({ method: 'GET', url: pathOf(url) });

  before(async () => {
    h = await consentHarness(getStore());
    await h.send('/v1/identify', {
      userId: 'old',
      traits: { email: 'old@acme.test', first_name: 'Old' },
    });
    await h.send('/v1/track', { userId: 'old', event: 'Tip Due' });
    await h.worker.sweepDue();
    tip = (await getStore().listMessages({ profileId: 'old' }, { limit: 5 })).items[0];
    assert.equal(tip.state, 'sent');
    links = buildLinks(
      { baseUrl: BASE_URL, workspaceSecret: WORKSPACE_SECRET, unsubscribeMailbox: 'u@cairn.test' },
      { userId: 'old', messageKey: tip.id, topic: 'product_tips' },
    );
  });
  after(async () => h.close());

  it('view, open and click links work for 90 days, then say they expired', async () => {
    const click = clickLink(
      { baseUrl: BASE_URL, workspaceSecret: WORKSPACE_SECRET },
      { userId: 'old', messageKey: tip.id },
      'https://app.tasklane.test/reports',
    );
    h.t.clock.set(tip.createdAt + 90 * DAY - 1000);
    assert.equal((await get(links.view_in_browser)).statusCode, 200);
    assert.equal((await get(click)).statusCode, 302);
    h.t.clock.set(tip.createdAt + 90 * DAY);
    const view = await get(links.view_in_browser);
    assert.equal(view.statusCode, 400);
    assert.match(view.body, /This link has expired/);
    assert.doesNotMatch(view.body, /saved reports/);
    const opened = (await h.internalEvents('old', 'Email Opened')).length;
    assert.equal(
      (await get(`${BASE_URL}/l/o/${links.view_in_browser.split('/l/v/')[1]}`)).statusCode,
      400,
    );
    assert.equal((await h.internalEvents('old', 'Email Opened')).length, opened);
    // An expired click goes nowhere by itself and records nothing; the page offers the link.
    const clicks = (await h.internalEvents('old', 'Email Clicked')).length;
    const expired = await get(click);
    assert.equal(expired.statusCode, 400);
    assert.equal(expired.headers.location, undefined);
    assert.match(expired.body, /href="https:\/\/app\.tasklane\.test\/reports"/);
    assert.equal((await h.internalEvents('old', 'Email Clicked')).length, clicks);
  });

  it('unsubscribe and preference links work for 365 days', async () => {
    h.t.clock.set(tip.createdAt + 364 * DAY);
    assert.equal((await get(links.unsubscribe)).statusCode, 200);
    assert.equal((await get(links.preferences)).statusCode, 200);
    h.t.clock.set(tip.createdAt + 365 * DAY);
    for (const url of [links.unsubscribe, links.preferences]) {
      const res = await get(url);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /This link has expired/);
    }
    const post = await h.t.app.inject({
      method: 'POST',
      url: pathOf(links.unsubscribe),
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(post.statusCode, 400);
    assert.equal(await getStore().getConsent('old'), null);
  });
});
