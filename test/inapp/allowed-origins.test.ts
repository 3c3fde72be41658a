import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllowedOrigins } from '../../src/config/inapp-origins.js';

describe('CAIRN_INAPP_ORIGINS', () => {
  it('is any origin unless it lists some; origins are normalised', () => {
    assert.equal(parseAllowedOrigins(undefined), '*');
    assert.equal(parseAllowedOrigins(' '), '*');
    assert.equal(parseAllowedOrigins('https://a.example.com, *'), '*');
    assert.deepEqual(
      parseAllowedOrigins(
        'https://App.Example.com, http://localhost:3000/ ,https://b.example.com:8443',
      ),
      ['https://app.example.com', 'http://localhost:3000', 'https://b.example.com:8443'],
    );
  });

  it('refuses what is not an origin, naming it', () => {
    for (const bad of ['app.example.com', 'https://app.example.com/path', 'ftp://x.example.com']) {
      assert.throws(() => parseAllowedOrigins(bad), new RegExp(bad.replace(/[./]/g, '\\$&')));
    }
  });
});
