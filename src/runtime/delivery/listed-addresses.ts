import type { Profile } from '../../core/types.js';
import type { MessageRecord, StoreTx } from '../../store/store.js';
import { addressHash } from '../data-rights/address-hash.js';

export const LISTED_ADDRESS = 'the address is on the suppression list (an erased user)';

/**
 * Email about to go (`sending`) to an address on the suppression list is suppressed instead: the
 * list names addresses by hash (data-rights/address-hash.ts) and outlives the user it came from,
 * so an erased user who comes back under another id is still never mailed. One look-up per batch.
 */
export async function suppressListedAddresses(
  tx: StoreTx,
  decided: MessageRecord[],
  profiles: Map<string, Profile>,
): Promise<MessageRecord[]> {
  const hashes = new Map<string, string>();
  for (const message of decided) {
    if (message.state !== 'sending' || message.channel !== 'email') continue;
    const address = profiles.get(message.profileId)?.traits.email;
    if (typeof address === 'string' && address.trim()) hashes.set(message.id, addressHash(address));
  }
  if (!hashes.size) return decided;
  const listed = await tx.suppressedAddresses([...new Set(hashes.values())]);
  if (!listed.size) return decided;
  return decided.map((message) => {
    const hash = hashes.get(message.id);
    if (hash === undefined || !listed.has(hash)) return message;
    return {
      ...message,
      state: 'suppressed',
      reason: LISTED_ADDRESS,
      attempts: message.attempts - 1,
      leaseUntil: null,
      dueAt: null,
    };
  });
}
