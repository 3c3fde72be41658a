import type { Profile } from '../core/types.js';
import { anonKey } from '../engine/profile/new-profile.js';
import type { Store } from '../store/store.js';

/**
 * The profile an id names: a userId, a profile id, or an anonymousId (the visitor's own profile,
 * or the user it was merged into).
 */
export async function findProfile(store: Store, id: string): Promise<Profile | null> {
  const profileId =
    (await store.resolveProfileId(id)) ?? (await store.resolveProfileId(anonKey(id)));
  return profileId ? store.getProfile(profileId) : null;
}
