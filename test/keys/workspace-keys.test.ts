import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { rotateKeys } from '../../src/keys/rotate-keys.js';
import { verifyingSecrets } from '../../src/keys/secret-ring.js';
import { workspaceKeys } from '../../src/keys/workspace-keys.js';
import type { Store } from '../../src/store/store.js';
import { forEachStore } from '../support/test-stores.js';

const sha256 = (text: string) => 'sha256:' + createHash('sha256').update(text).digest('hex');
const DAY = 86_400_000;

/**
 * Keys are stored as hashes and shown once; keys from the environment win and are not stored;
 * a key kept in plain text by an older Cairn is replaced by its hash and keeps working; a
 * rotation stops the old key at once and keeps the old workspace secret for a grace period.
 */
forEachStore('workspace keys', (getStore: () => Store, { openAnother }) => {
  let generated: Record<string, string> = {};

  it('makes the missing keys on the first start and stores only their hashes', async () => {
    const store = getStore();
    const keys = await workspaceKeys(store, {});
    generated = Object.fromEntries(keys.generated.map((g) => [g.name, g.value]));
    assert.deepEqual(Object.keys(generated).sort(), ['admin', 'secret', 'serverWrite', 'write']);
    assert.match(generated.write, /^wk_/);
    assert.match(generated.serverWrite, /^sk_/);
    assert.equal(await store.getSetting('write_key'), sha256(generated.write));
    assert.equal(await store.getSetting('server_write_key'), sha256(generated.serverWrite));
    assert.equal(await store.getSetting('admin_key'), sha256(generated.admin));
    // The workspace secret signs, so its value is kept.
    assert.equal(await store.getSetting('workspace_secret'), generated.secret);
    assert.equal(await keys.ring.writeScope(generated.write), 'public');
    assert.equal(await keys.ring.writeScope(generated.serverWrite), 'server');
    assert.equal(await keys.ring.writeScope(generated.admin), null);
    assert.equal(await keys.ring.isAdmin(generated.admin), true);
    assert.equal(await keys.ring.isAdmin(generated.write), false);
    // A second start makes nothing and shows nothing.
    assert.deepEqual((await workspaceKeys(store, {})).generated, []);
  });

  it('lets the environment set each key: that key is the one in use, the stored one is not', async () => {
    const keys = await workspaceKeys(getStore(), {
      write: 'wk_from_env',
      admin: 'ak_from_env',
      secret: 'ws_from_env_0123456789',
    });
    assert.deepEqual(keys.generated, []);
    assert.deepEqual(keys.fromEnv, ['write', 'admin', 'secret']);
    assert.equal(await keys.ring.writeScope('wk_from_env'), 'public');
    assert.equal(await keys.ring.writeScope(generated.write), null);
    assert.equal(await keys.ring.writeScope(generated.serverWrite), 'server');
    assert.equal(await keys.ring.isAdmin('ak_from_env'), true);
    assert.equal(keys.secret, 'ws_from_env_0123456789');
    assert.equal(await getStore().getSetting('write_key'), sha256(generated.write));
  });

  it('replaces a key an older Cairn kept in plain text by its hash; the key still works', async () => {
    const store = getStore();
    await store.transaction((tx) => tx.setSetting('admin_key', 'ak_legacy_plain'));
    const keys = await workspaceKeys(store, {});
    assert.equal(await store.getSetting('admin_key'), sha256('ak_legacy_plain'));
    assert.equal(await keys.ring.isAdmin('ak_legacy_plain'), true);
  });

  it('rotates: the old key stops at once, in a running ring too; the old secret lasts its grace', async () => {
    const store = getStore();
    let time = Date.UTC(2026, 0, 5);
    const running = await workspaceKeys(store, {}, () => time);
    assert.equal(await running.ring.writeScope(generated.write), 'public');
    // Another process (`cairn keys rotate`) on the same database.
    const other = await openAnother();
    const fresh = await rotateKeys(other, {
      keys: ['write', 'secret'],
      graceMs: 60 * DAY,
      now: time,
    });
    const next = Object.fromEntries(fresh.map((f) => [f.name, f.value]));
    time += 2000;
    assert.equal(await running.ring.writeScope(next.write), 'public');
    assert.equal(await running.ring.writeScope(generated.write), null);
    assert.equal(await running.ring.writeScope(generated.serverWrite), 'server');
    const restarted = await workspaceKeys(store, {}, () => time);
    assert.equal(restarted.secret, next.secret);
    assert.deepEqual(restarted.previousSecrets, [
      { secret: generated.secret, until: Date.UTC(2026, 0, 5) + 60 * DAY },
    ]);
    const secrets = (at: number) =>
      verifyingSecrets(restarted.secret, restarted.previousSecrets, at);
    assert.deepEqual(secrets(time), [next.secret, generated.secret]);
    assert.deepEqual(secrets(Date.UTC(2026, 0, 5) + 60 * DAY), [next.secret]);
  });
});
