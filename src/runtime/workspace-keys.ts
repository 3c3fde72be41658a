import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';

export interface WorkspaceKeys {
  writeKey: string;
  adminKey: string;
  /** Signs unsubscribe links and in-app user hashes. */
  secret: string;
  /** Keys created by this call (first start), to show to the operator once. */
  generated: string[];
}

const KEYS = [
  { setting: 'write_key', prefix: 'wk_' },
  { setting: 'admin_key', prefix: 'ak_' },
  { setting: 'workspace_secret', prefix: 'ws_' },
] as const;

/**
 * Keys from the environment win; otherwise the stored ones are used, and on the first start
 * random ones are generated and stored (first writer wins when processes start together).
 */
export async function workspaceKeys(
  store: Store,
  fromEnv: { writeKey: string | null; adminKey: string | null },
): Promise<WorkspaceKeys> {
  const generated: string[] = [];
  const values: string[] = [];
  for (const { setting, prefix } of KEYS) {
    const existing = await store.getSetting(setting);
    if (existing) {
      values.push(existing);
      continue;
    }
    const fresh = prefix + randomBytes(24).toString('base64url');
    const stored = await store.initSetting(setting, fresh);
    if (stored === fresh) generated.push(setting);
    values.push(stored);
  }
  return {
    writeKey: fromEnv.writeKey ?? values[0],
    adminKey: fromEnv.adminKey ?? values[1],
    secret: values[2],
    generated,
  };
}
