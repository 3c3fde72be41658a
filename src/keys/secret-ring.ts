/** A workspace secret that was replaced: its signatures are still accepted until `until`. */
export interface PreviousSecret {
  secret: string;
  /** Epoch ms; null: accepted as long as it is configured (CAIRN_PREVIOUS_WORKSPACE_SECRET). */
  until: number | null;
}

/**
 * The secrets a signature may have been made with at `now`, the current one first: links and
 * user hashes signed before a rotation keep working for the grace period, and no longer.
 */
export function verifyingSecrets(
  current: string,
  previous: readonly PreviousSecret[] | undefined,
  now: number,
): string[] {
  const secrets = [current];
  for (const p of previous ?? []) {
    if (p.until === null || now < p.until) secrets.push(p.secret);
  }
  return secrets;
}
