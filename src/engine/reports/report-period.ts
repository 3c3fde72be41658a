import type { Account, Profile } from '../../core/types.js';
import type { Definitions } from '../../definitions/index.js';
import type { ReportDefinition } from '../../definitions/reports/report-schema.js';
import { readGameState, own, type GameState } from '../gamification/game-state.js';
import { periodLabel, periodOf } from '../gamification/local-periods.js';
import { valueIn } from '../gamification/metric-buckets.js';
import { accountZone } from '../gamification/update-gamification.js';
import { userTimeZone } from '../journeys/user-time-zone.js';
import { readAccountState, readUserState } from '../state/index.js';

/** Whose usage a report is about: a user, or an account, with its clock and game state. */
export interface ReportOwner {
  id: string;
  zone: string;
  game: GameState | null;
}

export function userOwner(definitions: Definitions, profile: Profile): ReportOwner {
  return {
    id: profile.id,
    zone: userTimeZone(profile, definitions),
    game: readUserState(profile.state).game ?? null,
  };
}

export function accountOwner(definitions: Definitions, account: Account): ReportOwner {
  return {
    id: account.id,
    zone: accountZone(account, definitions.delivery.default_time_zone),
    game: readGameState(readAccountState(account.state) as never),
  };
}

/** The period a report sent at `at` covers: the last complete one on the owner's clock. */
export function reportedPeriod(report: ReportDefinition, owner: ReportOwner, at: number): number {
  return periodOf(at, owner.zone, report.period) - 1;
}

export function reportedPeriodLabel(report: ReportDefinition, period: number): string {
  return periodLabel(period, report.period);
}

/**
 * Whether the owner did anything in the period: a metric of `active_when` (default: every
 * metric) above 0. Measured from the game state's period buckets, so it is exact on the owner's
 * calendar — a 23- or 25-hour day included.
 */
export function wasActive(
  definitions: Definitions,
  report: ReportDefinition,
  owner: ReportOwner,
  period: number,
): boolean {
  if (!owner.game) return false;
  for (const metric of report.active_when ?? Object.keys(definitions.metrics))
    if (valueIn(own(owner.game.metrics, metric), report.period, period) > 0) return true;
  return false;
}
