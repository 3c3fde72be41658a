import type { Profile } from '../../core/types.js';
import type { Definitions } from '../../definitions/index.js';
import { isTimeZone } from '../time/local-time.js';

/** The user's IANA time zone: the `timezone` trait when valid, else the workspace default. */
export function userTimeZone(profile: Pick<Profile, 'traits'>, definitions: Definitions): string {
  const zone = profile.traits.timezone;
  return typeof zone === 'string' && isTimeZone(zone)
    ? zone
    : definitions.delivery.default_time_zone;
}
