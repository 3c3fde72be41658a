import type { TokenClaims } from '../../consent/signed-token.js';
import type { Store } from '../../store/store.js';
import type { Workspace } from '../workspace.js';
import { changeConsent, type ConsentResult } from './change-consent.js';

export interface Unsubscribed extends ConsentResult {
  /** The recipient's profile now (the token names it as it was when the message was sent). */
  profileId: string;
}

/**
 * What a message's unsubscribe does, whichever way it arrives (the one-click link, the
 * confirmation page, a `mailto:` reply): the recipient leaves the message's topic, or all
 * marketing when it has none. `claims` come from a verified message token. Already in effect,
 * it writes nothing.
 */
export async function unsubscribeRecipient(
  store: Store,
  workspace: Workspace,
  claims: TokenClaims,
  via: string,
  now: number,
): Promise<Unsubscribed> {
  // Aliases are followed: the recipient may have been merged into another profile since.
  const profileId = (await store.resolveProfileId(claims.userId)) ?? claims.userId;
  const result = await changeConsent(store, workspace, {
    profileId,
    changes: [{ subscribed: false, topic: claims.topic ?? null }],
    via,
    messageKey: claims.messageKey ?? null,
    now,
  });
  return { ...result, profileId };
}
