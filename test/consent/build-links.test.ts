import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLinks } from '../../src/consent/build-links.js';
import { clickLink } from '../../src/consent/click-link.js';
import { LINK_ROUTES } from '../../src/consent/link-routes.js';
import { verifyToken } from '../../src/consent/signed-token.js';

const options = {
  baseUrl: 'https://cairn.example.com/',
  workspaceSecret: 'ws_test-secret-0123456789',
  unsubscribeMailbox: 'unsubscribe@mail.example.com',
};
const recipient = { userId: 'user_42', messageKey: 'run_1:welcome', topic: 'onboarding' };
const now = Date.UTC(2026, 0, 5);

const tokenOf = (url: string, route: string) => {
  assert.ok(url.startsWith(`https://cairn.example.com${route}`), url);
  return url.slice(`https://cairn.example.com${route}`.length);
};

describe('message links', () => {
  const links = buildLinks(options, recipient);
  const token = tokenOf(links.unsubscribe, LINK_ROUTES.unsubscribe);

  it('puts one signed message token behind the unsubscribe, preference and view routes', () => {
    assert.deepEqual(verifyToken(options.workspaceSecret, token, 'message', now), {
      ok: true,
      claims: {
        purpose: 'message',
        userId: 'user_42',
        messageKey: 'run_1:welcome',
        topic: 'onboarding',
      },
    });
    assert.equal(tokenOf(links.preferences, LINK_ROUTES.preferences), token);
    assert.equal(tokenOf(links.view_in_browser, LINK_ROUTES.view), token);
    assert.equal(new Set(Object.values(LINK_ROUTES)).size, Object.keys(LINK_ROUTES).length);
  });

  it('gives a mailto that carries the same token', () => {
    assert.equal(
      links.unsubscribe_mailto,
      `mailto:unsubscribe@mail.example.com?subject=unsubscribe%20${token}`,
    );
  });

  it('signs each message and recipient apart', () => {
    const other = buildLinks(options, { ...recipient, messageKey: 'run_1:nudge' });
    assert.notEqual(other.unsubscribe, links.unsubscribe);
  });

  it('leaves the topic out when the message leaves all marketing email', () => {
    const all = buildLinks(options, { ...recipient, topic: null });
    const check = verifyToken(
      options.workspaceSecret,
      tokenOf(all.unsubscribe, LINK_ROUTES.unsubscribe),
      'message',
      now,
    );
    assert.ok(check.ok);
    assert.equal(check.claims.topic, undefined);
  });

  it('signs click links with their destination, and only web destinations', () => {
    const url = clickLink(options, recipient, 'https://app.example.com/reports/new?from=email');
    const check = verifyToken(
      options.workspaceSecret,
      tokenOf(url, LINK_ROUTES.click),
      'click',
      now,
    );
    assert.ok(check.ok);
    assert.equal(check.claims.url, 'https://app.example.com/reports/new?from=email');
    assert.throws(() => clickLink(options, recipient, 'javascript:alert(1)'), /http/);
  });
});
