import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { MessageCopy, Store } from '../../src/store/store.js';
import { forEachStore } from '../support/test-stores.js';

/** The copies of emails as sent, behind "view in browser": kept, replaced, dropped by age. */
forEachStore('store contract: message copies', (getStore: () => Store, context) => {
  const html = (n: number) => `<p>Hello ${n} “ünïcode”</p>` + '<td style="x">'.repeat(200);

  it('keeps a copy as given and finds it by message id', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.putMessageCopies([
        { messageId: 'm1', profileId: 'ada', sentAt: 1000, html: html(1) },
        { messageId: 'm2', profileId: 'bob', sentAt: 2000, html: html(2) },
      ]),
    );
    assert.deepEqual(await store.getMessageCopy('m1'), {
      messageId: 'm1',
      profileId: 'ada',
      sentAt: 1000,
      html: html(1),
    });
    assert.equal(await store.getMessageCopy('nope'), null);
  });

  it('replaces a copy of the same message; of two in one call the later wins', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.putMessageCopies([
        { messageId: 'm1', profileId: 'ada', sentAt: 1500, html: html(3) },
        { messageId: 'm1', profileId: 'ada', sentAt: 1600, html: html(4) },
      ]),
    );
    const copy = await store.getMessageCopy('m1');
    assert.equal(copy?.html, html(4));
    assert.equal(copy?.sentAt, 1600);
  });

  it('drops the copies sent before a time, and says how many', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.putMessageCopies([{ messageId: 'm3', profileId: 'cy', sentAt: 3000, html: html(5) }]),
    );
    assert.equal(await store.transaction((tx) => tx.deleteMessageCopiesBefore(2000)), 1);
    assert.equal(await store.getMessageCopy('m1'), null);
    assert.equal((await store.getMessageCopy('m2'))?.sentAt, 2000);
    assert.equal((await store.getMessageCopy('m3'))?.html, html(5));
    assert.equal(await store.transaction((tx) => tx.deleteMessageCopiesBefore(2000)), 0);
  });

  /** One template's email to one user: a layout every copy shares, a name and a signed link. */
  const email = (user: string) =>
    '<html><head><style>td { padding: 8px; color: #333; }</style></head><body>' +
    '<table role="presentation" style="width:100%">'.repeat(20) +
    `<p>Hi ${user},</p><a href="https://x.test/t/${user}-${user.length * 7919}">Open</a>` +
    '<p style="font-size:12px">Your report is ready. Thanks for trying the product.</p>' +
    '</table>'.repeat(20) +
    '</body></html>';
  const users = ['uma', 'vic', 'wes', 'xia', 'yan', 'zoe'];
  const copies = (sentAt: number, prefix: string): MessageCopy[] =>
    users.map((u) => ({ messageId: `${prefix}-${u}`, profileId: u, sentAt, html: email(u) }));

  it("gives back every user's copy of one template as sent, read by another process too", async () => {
    const store = getStore();
    await store.transaction((tx) => tx.putMessageCopies(copies(5000, 'tpl')));
    const another = await context.openAnother();
    for (const u of users) {
      assert.equal((await store.getMessageCopy(`tpl-${u}`))?.html, email(u));
      assert.equal((await another.getMessageCopy(`tpl-${u}`))?.html, email(u));
    }
  });

  it('drops what only dropped copies used, and stores it again when copies use it again', async () => {
    const store = getStore();
    await store.transaction((tx) => tx.deleteMessageCopiesBefore(10_000));
    assert.doesNotMatch(await context.rawRows(), /message_copy_dictionaries:/);
    await store.transaction((tx) => tx.putMessageCopies(copies(20_000, 'again')));
    const another = await context.openAnother();
    for (const u of users) {
      assert.equal((await another.getMessageCopy(`again-${u}`))?.html, email(u));
    }
  });
});
