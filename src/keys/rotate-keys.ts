import type { Store } from '../store/store.js';
import { hashKey, newKey } from './key-hash.js';
import { KEY_INFO, PREVIOUS_SECRET_SETTING, type KeyName } from './workspace-keys.js';

export interface RotateOptions {
  /** Which keys get new values. */
  keys: readonly KeyName[];
  /** How long signatures made with the replaced workspace secret stay valid, in ms. */
  graceMs: number;
  now: number;
}

/**
 * Gives the named keys new random values and returns them, to be shown once: the store keeps
 * only their hashes, so the old write and admin keys stop working at once (a running Cairn
 * reads the new hashes on the next unknown key). A replaced workspace secret is kept as the
 * previous one until the grace period ends, so the links in messages already sent and the user
 * hashes products hold keep working meanwhile; a running Cairn signs with the new one from its
 * next start.
 */
export async function rotateKeys(
  store: Store,
  options: RotateOptions,
): Promise<{ name: KeyName; value: string }[]> {
  const fresh = options.keys.map((name) => ({ name, value: newKey(KEY_INFO[name].prefix) }));
  const oldSecret = await store.getSetting(KEY_INFO.secret.setting);
  await store.transaction(async (tx) => {
    for (const { name, value } of fresh) {
      if (name !== 'secret') {
        await tx.setSetting(KEY_INFO[name].setting, hashKey(value));
        continue;
      }
      if (oldSecret) {
        const previous = { secret: oldSecret, until: options.now + options.graceMs };
        await tx.setSetting(PREVIOUS_SECRET_SETTING, JSON.stringify(previous));
      }
      await tx.setSetting(KEY_INFO.secret.setting, value);
    }
  });
  return fresh;
}
