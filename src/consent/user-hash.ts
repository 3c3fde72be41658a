import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The in-app identity hash: hex HMAC-SHA256 of the user id, keyed by the workspace secret — the
 * same recipe as Intercom's identity verification, so a product's backend computes it with one
 * line in any language and hands it to the widget next to the user id. Without it, anyone could
 * read another user's inbox by guessing their id.
 */
export function userHash(workspaceSecret: string, userId: string): string {
  return createHmac('sha256', workspaceSecret).update(userId).digest('hex');
}

/**
 * Constant-time check of a hash sent by the widget; any malformed input is simply false.
 * `secrets` may list several workspace secrets, the current one first, so hashes made before a
 * rotation keep working for its grace period.
 */
export function verifyUserHash(
  secrets: string | readonly string[],
  userId: string,
  hash: string,
): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) return false;
  const given = Buffer.from(hash, 'hex');
  let valid = false;
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    // Every secret is tried, so timing says nothing about which one matched.
    if (timingSafeEqual(createHmac('sha256', secret).update(userId).digest(), given)) valid = true;
  }
  return valid;
}
