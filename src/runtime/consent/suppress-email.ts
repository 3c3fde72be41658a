import { emptyConsent } from '../../consent/consent-changes.js';
import type { ConsentRecord, StoreTx } from '../../store/store.js';

/**
 * Puts these users' email on the suppression list: no more email to them, whatever they chose.
 * A hard bounce does it (refused at RCPT by the relay, or reported later in a delivery status
 * notification), and so does a complaint. Nothing a user does lifts it (consent-changes.ts).
 * Returns the users whose record changed; one already suppressed is left as it is, so a
 * repeated bounce writes nothing.
 */
export async function suppressEmail(
  tx: StoreTx,
  profileIds: readonly string[],
  now: number,
): Promise<string[]> {
  const ids = [...new Set(profileIds)];
  if (!ids.length) return [];
  const existing = await tx.getConsents(ids);
  const changed: ConsentRecord[] = [];
  for (const profileId of ids) {
    const current = existing.get(profileId) ?? emptyConsent(profileId, now);
    if (current.suppressedChannels.includes('email')) continue;
    changed.push({
      ...current,
      suppressedChannels: [...current.suppressedChannels, 'email'],
      updatedAt: now,
    });
  }
  if (changed.length) await tx.putConsents(changed);
  return changed.map((r) => r.profileId);
}
