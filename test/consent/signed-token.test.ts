import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signToken, verifyToken } from '../../src/consent/signed-token.js';

const secret = 'ws_test-secret-0123456789';
const now = Date.UTC(2026, 0, 5);

describe('signed tokens', () => {
  it('round-trips claims and is URL-safe', () => {
    const claims = {
      purpose: 'message' as const,
      userId: 'user_42',
      messageKey: 'run_1:s1',
      topic: 'tips',
    };
    const token = signToken(secret, claims);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(verifyToken(secret, token, 'message', now), { ok: true, claims });
  });

  it('writes its signature in canonical base64url: 16 bytes, the unused bits zero', () => {
    for (let i = 0; i < 200; i++) {
      const token = signToken(secret, { purpose: 'click', userId: `u${i}`, url: `https://x/${i}` });
      const signature = token.split('.')[1];
      assert.equal(Buffer.from(signature, 'base64url').toString('base64url'), signature);
    }
  });

  it('refuses a token signed for another purpose', () => {
    const click = signToken(secret, { purpose: 'click', userId: 'u', url: 'https://x.example' });
    assert.deepEqual(verifyToken(secret, click, 'message', now), {
      ok: false,
      reason: 'wrong-purpose',
    });
    const message = signToken(secret, { purpose: 'message', userId: 'u' });
    assert.equal(verifyToken(secret, message, 'click', now).ok, false);
  });

  it('refuses tampered claims, a wrong secret and a truncated signature', () => {
    const token = signToken(secret, { purpose: 'message', userId: 'user_42' });
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ p: 'm', u: 'user_43' })).toString('base64url');
    assert.deepEqual(verifyToken(secret, `${forged}.${signature}`, 'message', now), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.equal(verifyToken('ws_another-secret-012345', token, 'message', now).ok, false);
    assert.deepEqual(verifyToken(secret, `${payload}.${signature.slice(0, 10)}`, 'message', now), {
      ok: false,
      reason: 'malformed',
    });
    for (const junk of ['', '.', 'abc', 'a.b.c', `${payload}.`]) {
      assert.equal(verifyToken(secret, junk, 'message', now).ok, false, junk);
    }
  });

  it('expires by the clock the caller passes', () => {
    const token = signToken(secret, { purpose: 'message', userId: 'u', expiresAt: now + 1000 });
    assert.equal(verifyToken(secret, token, 'message', now + 999).ok, true);
    assert.deepEqual(verifyToken(secret, token, 'message', now + 1000), {
      ok: false,
      reason: 'expired',
    });
  });

  it('accepts tokens of a previous secret during a rotation', () => {
    const old = signToken('ws_old-secret-0123456789', { purpose: 'message', userId: 'u' });
    assert.equal(verifyToken([secret, 'ws_old-secret-0123456789'], old, 'message', now).ok, true);
    assert.equal(verifyToken([secret], old, 'message', now).ok, false);
  });

  it('refuses a secret too short to be one', () => {
    assert.throws(() => signToken('short', { purpose: 'message', userId: 'u' }), /at least 16/);
  });
});
