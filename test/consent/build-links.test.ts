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

  it('builds signed unsubscribe, preference and view links for one recipient and message', () => {
    const unsubscribe = verifyToken(
      options.workspaceSecret,
      tokenOf(links.unsubscribe, LINK_ROUTES.unsubscribe),
      'unsubscribe',
      now,
    );
    assert.deepEqual(unsubscribe, {
      ok: true,
      claims: {
        purpose: 'unsubscribe',
        userId: 'user_42',
        messageKey: 'run_1:welcome',
        topic: 'onboarding',
      },
    });
    const preferences = verifyToken(
      options.workspaceSecret,
      tokenOf(links.preferences, LINK_ROUTES.preferences),
      'preferences',
      now,
    );
    assert.equal(preferences.ok && preferences.claims.userId, 'user_42');
    const view = verifyToken(
      options.workspaceSecret,
      tokenOf(links.view_in_browser, LINK_ROUTES.view),
      'view',
      now,
    );
    assert.equal(view.ok && view.claims.messageKey, 'run_1:welcome');
  });

  it('gives a mailto that carries the same unsubscribe token', () => {
    const token = tokenOf(links.unsubscribe, LINK_ROUTES.unsubscribe);
    assert.equal(
      links.unsubscribe_mailto,
      `mailto:unsubscribe@mail.example.com?subject=unsubscribe%20${token}`,
    );
  });

  it('leaves the topic out when the message leaves all marketing email', () => {
    const all = buildLinks(options, { ...recipient, topic: null });
    const check = verifyToken(
      options.workspaceSecret,
      tokenOf(all.unsubscribe, LINK_ROUTES.unsubscribe),
      'unsubscribe',
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
