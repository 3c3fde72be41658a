import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { userHash, verifyUserHash } from '../../src/consent/user-hash.js';

const secret = 'ws_test-secret-0123456789';

describe('in-app user hash', () => {
  it('is the hex HMAC-SHA256 of the user id, the one-line recipe a product backend uses', () => {
    const expected = createHmac('sha256', secret).update('user_42').digest('hex');
    assert.equal(userHash(secret, 'user_42'), expected);
  });

  it('verifies the right hash only', () => {
    const hash = userHash(secret, 'user_42');
    assert.equal(verifyUserHash(secret, 'user_42', hash), true);
    assert.equal(verifyUserHash(secret, 'user_42', hash.toUpperCase()), true);
    assert.equal(verifyUserHash(secret, 'user_43', hash), false);
    assert.equal(verifyUserHash('ws_other-secret-0123456', 'user_42', hash), false);
    for (const junk of ['', 'zz', hash.slice(1), `${hash}00`, 'g'.repeat(64)]) {
      assert.equal(verifyUserHash(secret, 'user_42', junk), false, junk);
    }
  });
});
