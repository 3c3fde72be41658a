import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSettings } from '../../src/config/settings.js';

/** The store's size settings: megabytes in, bytes out, defaults when unset, errors naming them. */
describe('size settings', () => {
  const MB = 1024 * 1024;

  it('defaults: WAL limit 128 MB, page cache 32 MB, document cache 24 MB', () => {
    const s = readSettings({}, {});
    assert.equal(s.sqliteWalLimitBytes, 128 * MB);
    assert.equal(s.sqlitePageCacheBytes, 32 * MB);
    assert.equal(s.documentCacheBytes, 24 * MB);
  });

  it('reads megabytes, fractions allowed', () => {
    const s = readSettings(
      {},
      { CAIRN_SQLITE_CACHE_MB: '8', CAIRN_DOCUMENT_CACHE_MB: '0.5', CAIRN_SQLITE_WAL_LIMIT_MB: '' },
    );
    assert.equal(s.sqlitePageCacheBytes, 8 * MB);
    assert.equal(s.documentCacheBytes, MB / 2);
    assert.equal(s.sqliteWalLimitBytes, 128 * MB);
  });

  for (const name of ['CAIRN_SQLITE_CACHE_MB', 'CAIRN_DOCUMENT_CACHE_MB']) {
    it(`refuses ${name} that is not a positive number, naming it`, () => {
      for (const bad of ['0', '-1', 'lots', '1e3']) {
        assert.throws(() => readSettings({}, { [name]: bad }), new RegExp(`${name} must be`));
      }
    });
  }
});
