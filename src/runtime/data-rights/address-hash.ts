import { createHash } from 'node:crypto';
import type { Json } from '../../core/types.js';

/**
 * How the suppression list names an address without keeping it: the sha256 (hex) of the address
 * trimmed and lower-cased. Lower-casing the local part too is deliberate: a few providers treat
 * it case-sensitively, but mailing `Ann@` after `ann@` asked to be forgotten is the worse error.
 */
export function addressHash(address: string): string {
  return sha256(address.trim().toLowerCase());
}

/** The erasure log's name for a profile: the sha256 (hex) of its id. */
export function subjectHash(profileId: string): string {
  return sha256(profileId);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Every string held under an `email` key anywhere in a JSON value (traits, context, payloads). */
export function emailsIn(value: Json | undefined, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) emailsIn(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key.toLowerCase() === 'email' && typeof inner === 'string' && inner.trim()) {
        found.add(inner.trim().toLowerCase());
      } else {
        emailsIn(inner, found);
      }
    }
  }
  return found;
}
