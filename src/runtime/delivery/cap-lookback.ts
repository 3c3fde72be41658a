import type { LoadedDefinitions } from '../../definitions/index.js';

const DAY = 86_400_000;

/**
 * How far back the delivery worker loads sends for frequency caps: the longest cap window of any
 * channel (7 days at least), plus two days when it counts calendar days. Local days are not all
 * 24 hours: "the last 7 days" from the start of the first of them can span 7 × 24 h plus the
 * hour a clock fell back (or more where a zone moved its offset, by up to 26 hours).
 */
export function capLookback(definitions: LoadedDefinitions): number {
  const caps = Object.values(definitions.definitions.delivery?.caps ?? {}).flat();
  const reach = (per: number) => (per % DAY === 0 ? per + 2 * DAY : per);
  return Math.max(reach(7 * DAY), ...caps.map((cap) => reach(cap?.per ?? 0)));
}
