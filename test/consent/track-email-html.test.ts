import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLinks } from '../../src/consent/build-links.js';
import { LINK_ROUTES } from '../../src/consent/link-routes.js';
import { verifyToken } from '../../src/consent/signed-token.js';
import { trackEmailHtml } from '../../src/consent/track-email-html.js';

const options = {
  baseUrl: 'https://cairn.example.com/',
  workspaceSecret: 'ws_test_secret_for_links',
  unsubscribeMailbox: 'u@example.com',
};
const recipient = { userId: 'user_42', messageKey: 'run_1:tip:1', topic: 'product_tips' };
const links = buildLinks(options, recipient);

const HTML = `<html><body>
<p><a class="cta" href="https://app.example.com/reports?from=email&amp;x=1">Open</a></p>
<p><a href='http://example.org/a'>A</a> <a href="mailto:help@example.com">Help</a></p>
<p><a href="https://docs.example.com/" data-cairn-track="off">Docs</a></p>
<p><a href="${links.unsubscribe}">Unsubscribe</a> <a href="${links.preferences}">Preferences</a></p>
</BODY></html>`;

/** The destination of a click link, read back from its token. */
function destination(href: string): string | undefined {
  const token = href.slice(href.indexOf(LINK_ROUTES.click) + LINK_ROUTES.click.length);
  const check = verifyToken(options.workspaceSecret, token, 'click', 0);
  assert.ok(check.ok, href);
  assert.equal(check.claims.messageKey, recipient.messageKey);
  return check.claims.url;
}

describe('trackEmailHtml', () => {
  const tracked = trackEmailHtml(HTML, options, recipient, links);
  const hrefs = [...tracked.matchAll(/href=["']([^"']+)["']/g)].map((m) => m[1]);

  it('wraps http(s) links in signed click links to the decoded destination', () => {
    assert.equal(destination(hrefs[0]), 'https://app.example.com/reports?from=email&x=1');
    assert.equal(destination(hrefs[1]), 'http://example.org/a');
    assert.match(tracked, /<a class="cta" href="https:\/\/cairn\.example\.com\/l\/c\/[^"]+">Open/);
    assert.match(tracked, /<a href='https:\/\/cairn\.example\.com\/l\/c\/[^']+'>A/);
  });

  it('leaves mailto, opted-out links and its own links alone', () => {
    assert.deepEqual(hrefs.slice(2), [
      'mailto:help@example.com',
      'https://docs.example.com/',
      links.unsubscribe,
      links.preferences,
    ]);
  });

  it('adds one open pixel with the message token before </body>', () => {
    const token = links.view_in_browser.split(LINK_ROUTES.view)[1];
    const pixel = `<img src="https://cairn.example.com${LINK_ROUTES.open}${token}" width="1" height="1" alt=""`;
    assert.equal(tracked.split(pixel).length, 2);
    assert.ok(tracked.indexOf(pixel) < tracked.indexOf('</BODY>'));
    assert.ok(trackEmailHtml('<p>no body</p>', options, recipient, links).includes(pixel));
  });
});
