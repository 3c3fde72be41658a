import type { Store } from '../store/store.js';
import { hashKey, isHashed, newKey } from './key-hash.js';
import { KeyRing, type KeyHashes } from './key-ring.js';
import type { PreviousSecret } from './secret-ring.js';

/** The workspace's keys, by what they are; each has an environment variable that sets it. */
export const KEY_NAMES = ['write', 'serverWrite', 'admin', 'secret'] as const;
export type KeyName = (typeof KEY_NAMES)[number];

export const KEY_INFO: Record<KeyName, { env: string; setting: string; prefix: string }> = {
  write: { env: 'CAIRN_WRITE_KEY', setting: 'write_key', prefix: 'wk_' },
  serverWrite: { env: 'CAIRN_SERVER_WRITE_KEY', setting: 'server_write_key', prefix: 'sk_' },
  admin: { env: 'CAIRN_ADMIN_KEY', setting: 'admin_key', prefix: 'ak_' },
  secret: { env: 'CAIRN_WORKSPACE_SECRET', setting: 'workspace_secret', prefix: 'ws_' },
};

/** Where the previous workspace secret and the end of its grace period are kept (JSON). */
export const PREVIOUS_SECRET_SETTING = 'previous_workspace_secret';

/** Keys given by the environment (settings.ts), null where not given. */
export type KeysFromEnv = Partial<Record<KeyName, string | null>> & {
  /** Signatures made with it are accepted too (a rotation done through the environment). */
  previousSecret?: string | null;
};

export interface WorkspaceKeys {
  ring: KeyRing;
  /** Signs links and in-app user hashes. */
  secret: string;
  /** Older secrets whose signatures are still accepted for a while. */
  previousSecrets: PreviousSecret[];
  /** Keys this call created (first start), with their values: shown once, stored hashed. */
  generated: { name: KeyName; value: string }[];
  /** Keys that come from the environment, which win over stored ones. */
  fromEnv: KeyName[];
}

/**
 * Keys from the environment win; otherwise the stored ones are used, and missing ones are
 * generated and stored (first writer wins when processes start together). Write and admin keys
 * are stored as hashes, so their values exist only in what was printed when they were made; a
 * key an older Cairn kept in plain text is replaced by its hash here. The workspace secret is a
 * signing key, so it is stored as it is (set CAIRN_WORKSPACE_SECRET to keep it out of the
 * database).
 */
export async function workspaceKeys(
  store: Store,
  env: KeysFromEnv,
  now: () => number = Date.now,
): Promise<WorkspaceKeys> {
  const generated: WorkspaceKeys['generated'] = [];
  const fromEnv = KEY_NAMES.filter((name) => !!env[name]);
  for (const name of ['write', 'serverWrite', 'admin'] as const) {
    const { setting, prefix } = KEY_INFO[name];
    const stored = await store.getSetting(setting);
    if (stored && !isHashed(stored)) {
      // Replaced even when the environment's key is in use: no plain key stays behind.
      await store.transaction((tx) => tx.setSetting(setting, hashKey(stored)));
    } else if (!stored && !env[name]) {
      const fresh = newKey(prefix);
      if ((await store.initSetting(setting, hashKey(fresh))) === hashKey(fresh)) {
        generated.push({ name, value: fresh });
      }
    }
  }
  let secret = env.secret ?? null;
  if (!secret) {
    const fresh = newKey(KEY_INFO.secret.prefix);
    secret = await store.initSetting(KEY_INFO.secret.setting, fresh);
    if (secret === fresh) generated.push({ name: 'secret', value: fresh });
  }
  const reload = () => readKeyHashes(store, env);
  return {
    ring: new KeyRing(await reload(), { reload, now }),
    secret,
    previousSecrets: await previousSecrets(store, env),
    generated,
    fromEnv,
  };
}

/** The hash of each key in force: the environment's, else the stored one. */
export async function readKeyHashes(store: Store, env: KeysFromEnv): Promise<KeyHashes> {
  const hashOf = async (name: 'write' | 'serverWrite' | 'admin') => {
    const given = env[name];
    if (given) return hashKey(given);
    const stored = await store.getSetting(KEY_INFO[name].setting);
    if (!stored) return null;
    return isHashed(stored) ? stored : hashKey(stored);
  };
  return {
    write: await hashOf('write'),
    serverWrite: await hashOf('serverWrite'),
    admin: await hashOf('admin'),
  };
}

/** The secrets replaced by a rotation: the stored one (until its grace ends) and the env's. */
export async function previousSecrets(store: Store, env: KeysFromEnv): Promise<PreviousSecret[]> {
  const previous: PreviousSecret[] = [];
  if (env.previousSecret) previous.push({ secret: env.previousSecret, until: null });
  const stored = await store.getSetting(PREVIOUS_SECRET_SETTING);
  if (stored) {
    const parsed = JSON.parse(stored) as { secret?: unknown; until?: unknown };
    if (typeof parsed.secret === 'string' && typeof parsed.until === 'number') {
      previous.push({ secret: parsed.secret, until: parsed.until });
    }
  }
  return previous;
}

/** The workspace secret in force, without generating anything: null when there is none yet. */
export async function currentSecret(store: Store, env: KeysFromEnv): Promise<string | null> {
  return env.secret || (await store.getSetting(KEY_INFO.secret.setting));
}
