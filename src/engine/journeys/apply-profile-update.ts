import type { Json, JsonObject, Profile } from '../../core/types.js';
import type { UpdateCommand } from './types.js';
import { setOwn } from '../../core/own-key.js';

/**
 * Applies an `update` command to a profile's traits, in place (the runtime's working copy, as
 * with the profile fold): `set` replaces traits, `unset` removes them, `points` adds to the
 * numeric `points` trait, `tags` adds to the `tags` list trait (once each). Returns the traits
 * before, so the caller can derive trait-change occurrences and re-run the state engine.
 */
export function applyProfileUpdate(
  profile: Profile,
  update: Pick<UpdateCommand, 'set' | 'unset' | 'points' | 'tags'>,
): JsonObject {
  const before = { ...profile.traits };
  const traits = profile.traits;
  for (const [key, value] of Object.entries(update.set)) setOwn(traits, key, value);
  for (const key of update.unset) delete traits[key];
  if (update.points !== 0) {
    const current = typeof traits.points === 'number' ? traits.points : 0;
    traits.points = current + update.points;
  }
  if (update.tags.length > 0) {
    const current: Json[] = Array.isArray(traits.tags) ? [...traits.tags] : [];
    for (const tag of update.tags) if (!current.includes(tag)) current.push(tag);
    traits.tags = current;
  }
  return before;
}
