/** The store contract, continued: listing every account page by page (peer comparisons). */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { makeAccount } from '../support/store-fixtures.js';
import { forEachStore } from '../support/test-stores.js';

forEachStore('store contract: account listing', (getStore) => {
  it('lists every account once, by id, across pages, with traits and state', async () => {
    const store = getStore();
    const ids = Array.from({ length: 25 }, (_, i) => `acct-${String(i).padStart(2, '0')}`);
    await store.transaction((tx) =>
      tx.putAccounts(
        [...ids].reverse().map((id) =>
          makeAccount(id, {
            traits: { employee_bucket: id.endsWith('7') ? '11-50' : '1-10' },
            state: { v: 1, n: id },
          }),
        ),
      ),
    );
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.listAccounts({ limit: 10, after });
      assert.ok(page.items.length <= 10);
      for (const account of page.items) {
        seen.push(account.id);
        assert.equal(account.traits.employee_bucket, account.id.endsWith('7') ? '11-50' : '1-10');
        assert.equal(account.state.n, account.id);
      }
      if (page.next === null) break;
      after = page.next;
    }
    assert.deepEqual(seen, ids);
  });
});
