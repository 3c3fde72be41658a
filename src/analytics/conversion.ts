import type { AnalyticsUserRow } from '../store/analytics-store.js';
import { groupBy } from './group-users.js';
import { durationSummary, rateCell, type DurationSummary, type RateCell } from './statistics.js';

export interface ConversionGroup {
  key: string;
  users: number;
  converted: RateCell;
  /** Conversion time minus signup, over the converted users (0 for those converted first). */
  timeToConvert: DurationSummary;
}

/** Conversion rate and time to convert per group; `convertedAt` maps profile id → time. */
export function conversionGroups(
  users: readonly AnalyticsUserRow[],
  convertedAt: ReadonlyMap<string, number>,
  key: (user: AnalyticsUserRow) => string,
  minSize: number,
): { overall: ConversionGroup; groups: ConversionGroup[] } {
  const of = (k: string, list: readonly AnalyticsUserRow[]): ConversionGroup => {
    const times: number[] = [];
    for (const u of list) {
      const at = convertedAt.get(u.id);
      if (at !== undefined) times.push(Math.max(0, at - u.signupAt));
    }
    return {
      key: k,
      users: list.length,
      converted: rateCell(times.length, list.length, minSize),
      timeToConvert: durationSummary(times),
    };
  };
  return { overall: of('all', users), groups: groupBy(users, key).map(([k, l]) => of(k, l)) };
}
