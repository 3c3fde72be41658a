import { createHmac } from 'node:crypto';

// A workspace has one secret (two during a rotation): deriving its key once, not per link,
// matters when every email carries four signed links.
const derived = new Map<string, Buffer>();

/**
 * The key that signs link tokens, derived from the workspace secret with a fixed label. The
 * in-app user hash is keyed by the secret itself (products compute it with one HMAC call, like
 * Intercom's identity verification), so deriving a separate key here keeps the two uses apart:
 * a user hash can never be replayed as a link signature, or the other way round.
 */
export function linkKey(workspaceSecret: string): Buffer {
  let key = derived.get(workspaceSecret);
  if (key) return key;
  if (workspaceSecret.length < 16) {
    throw new Error('the workspace secret must be at least 16 characters long');
  }
  key = createHmac('sha256', workspaceSecret).update('cairn/link-token/v1').digest();
  if (derived.size >= 8) derived.clear();
  derived.set(workspaceSecret, key);
  return key;
}
