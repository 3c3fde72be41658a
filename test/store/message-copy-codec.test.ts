import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { CopyPacker, commonText, familyOf } from '../../src/store/message-copy-codec.js';

/** One template's email: a shared layout, the user's name and a link of their own. */
function email(user: string, variant = '') {
  return (
    '<html><body>' +
    '<table role="presentation" style="width:100%;background:#fff">'.repeat(30) +
    `<p>Hi ${user},</p><a href="https://x.test/t/${user}-token">Open</a>${variant}` +
    '<p style="font-size:12px">Your first report is ready.</p>' +
    '</table>'.repeat(30) +
    '</body></html>'
  );
}

describe('message copy codec', () => {
  it('keeps in a dictionary only what two users’ copies share', () => {
    const shared = commonText(email('alice'), email('bob'));
    assert.doesNotMatch(shared, /alice|bob/);
    assert.match(shared, /Your first report is ready\./);
    assert.match(shared, /width:100%;background:#fff/);
  });

  it('groups copies of one template whatever their text, and other markup apart', () => {
    assert.equal(familyOf(email('alice')), familyOf(email('a much longer name')));
    assert.notEqual(familyOf(email('alice')), familyOf(email('alice', '<p>PS</p>')));
  });

  it('gives back every copy exactly, through a packer that holds nothing', async () => {
    const packer = new CopyPacker();
    const users = ['ann', 'ben', 'cat', 'dan', 'eve'];
    const copies = users.map((u) => ({ profileId: u, html: email(u) }));
    // The first copy of a group has no dictionary yet; the second, from another user, makes it.
    const { packed, used } = packer.pack(copies);
    assert.equal(packed[0].dictionary, null);
    assert.equal(used.length, 1);
    assert.ok(packed.slice(1).every((p) => p.dictionary === used[0].id));
    // The dictionary as stored holds none of the users' own text.
    assert.doesNotMatch(inflateRawSync(used[0].body).toString('utf8'), /ann|ben|cat|dan|eve/);
    // With the dictionary, a copy stores a fraction of its plain deflate.
    assert.ok(packed[4].html.length * 2 < packed[0].html.length);
    const stored = new Map(used.map((d) => [d.id, d.body]));
    const fresh = new CopyPacker();
    for (const [i, p] of packed.entries()) {
      const html = await fresh.unpack(p.html, p.dictionary, async (id) => stored.get(id) ?? null);
      assert.equal(html, copies[i].html);
    }
  });

  it('does not make a dictionary from two copies to one user', () => {
    const packer = new CopyPacker();
    const { packed, used } = packer.pack([
      { profileId: 'ann', html: email('ann') },
      { profileId: 'ann', html: email('ann') },
    ]);
    assert.deepEqual(
      packed.map((p) => p.dictionary),
      [null, null],
    );
    assert.deepEqual(used, []);
  });

  it('holds at most 256 groups: the least recently used go first', () => {
    const packer = new CopyPacker();
    for (let i = 0; i < 300; i++) {
      packer.pack([{ profileId: 'u', html: `<p>${'<b>'.repeat(i)}</p>` }]);
    }
    assert.equal(packer.held().families, 256);
  });

  it('says so when a copy names a dictionary that is not stored', async () => {
    await assert.rejects(
      new CopyPacker().unpack(Buffer.alloc(1), 'missing', async () => null),
      /dictionary missing is missing/,
    );
  });
});
