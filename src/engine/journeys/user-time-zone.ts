import type { Profile } from '../../core/types.js';
import type { Definitions } from '../../definitions/index.js';
import { isTimeZone } from '../time/index.js';

/** IANA names are short; a longer `timezone` trait is not one (and is never looked up). */
const MAX_ZONE_LENGTH = 64;

/** The user's own IANA time zone: the `timezone` trait when it is a valid one, else null. */
export function explicitTimeZone(profile: Pick<Profile, 'traits'>): string | null {
  const zone = profile.traits.timezone;
  return typeof zone === 'string' && zone.length <= MAX_ZONE_LENGTH && isTimeZone(zone)
    ? zone
    : null;
}

/** The user's IANA time zone: the `timezone` trait when valid, else the workspace default. */
export function userTimeZone(profile: Pick<Profile, 'traits'>, definitions: Definitions): string {
  return explicitTimeZone(profile) ?? definitions.delivery.default_time_zone;
}
