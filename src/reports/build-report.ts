import type { Account, Profile } from '../core/types.js';
import type { Definitions } from '../definitions/index.js';
import type { ReportDefinition } from '../definitions/reports/report-schema.js';
import type { PeriodKind } from '../definitions/gamification/periods.js';
import type { GameProgress } from '../engine/gamification/game-progress.js';
import { periodEnd, periodLabel, periodStart } from '../engine/gamification/local-periods.js';
import { accountOwner, userOwner, wasActive } from '../engine/reports/report-period.js';
import { localTime } from '../engine/time/index.js';
import { readUserState } from '../engine/state/index.js';
import type { MetricComparison, SubjectComparison } from '../gamification/comparisons.js';
import { accountProgress, userProgress } from '../inapp/present-progress.js';
import type { Leaderboard } from './leaderboards.js';
import type { PeriodComparisons } from './report-source.js';

export type ReportVariant = 'report' | 'inactive' | 'skipped';

/** A report's content for one owner and period: what `GET /api/reports/:id/:ownerId` answers. */
export interface Report {
  id: string;
  name: string;
  unit: 'user' | 'account';
  ownerId: string;
  /** The user the email goes to (for an account report, one of its admins); null if none. */
  recipientId: string | null;
  timeZone: string;
  period: { kind: string; start: string; end: string };
  /** The engagement stage whose sections the email shows (account: the recipient's). */
  stage: string | null;
  active: boolean;
  variant: ReportVariant;
  template: string | null;
  metrics: Record<string, MetricComparison & { unit: string[] | null }>;
  progress: GameProgress;
  timeSaved: SubjectComparison['timeSaved'];
  recommendations: SubjectComparison['recommendations'];
  badges: SubjectComparison['badges'];
  leaderboard: Leaderboard | null;
}

export interface ReportInput {
  definitions: Definitions;
  reportId: string;
  /** The owner: the user (unit user) or the account (unit account). */
  profile: Profile | null;
  account: Account | null;
  /** The recipient (for a user report, the owner). */
  recipient: Profile | null;
  period: number;
  compared: PeriodComparisons;
  now: number;
}

/**
 * Assembles a report from the owner's state and the period's comparisons. Pure: the same inputs
 * give the same report, which is how the email, its preview and the JSON route agree.
 */
export function buildReport(input: ReportInput): Report {
  const { definitions, reportId, period, compared, now } = input;
  const report: ReportDefinition = definitions.reports[reportId]!;
  const owner =
    report.unit === 'user'
      ? userOwner(definitions, input.profile!)
      : accountOwner(definitions, input.account!);
  const answer = compared.comparisons.answer(owner.id);
  // Only the owner's side: a user report shows the user's progress, an account report the
  // account's (the other side would be computed for nothing).
  const progress =
    report.unit === 'user'
      ? userProgress(definitions, input.profile, now)
      : accountProgress(definitions, input.account!, now);
  const active = wasActive(definitions, report, owner, period);
  const variant: ReportVariant = active
    ? 'report'
    : report.inactive === 'skip'
      ? 'skipped'
      : 'inactive';
  const metrics = Object.create(null) as Report['metrics'];
  for (const [name, unit] of metricUnits(definitions)) {
    const compared = answer?.metrics[name];
    metrics[name] = compared
      ? {
          value: compared.value,
          previous: compared.previous,
          change: compared.change,
          peers: compared.peers,
          unit,
        }
      : { value: 0, previous: 0, change: null, peers: null, unit };
  }
  const stageOf = input.recipient ?? input.profile;
  return {
    id: reportId,
    name: report.name ?? reportId,
    unit: report.unit,
    ownerId: owner.id,
    recipientId: input.recipient?.id ?? null,
    timeZone: owner.zone,
    period: reportPeriod(report.period, period, owner.zone),
    stage: stageOf ? (readUserState(stageOf.state).engagement?.stage ?? null) : null,
    active,
    variant,
    template:
      variant === 'report'
        ? report.template
        : variant === 'inactive' && report.inactive !== 'skip'
          ? report.inactive.template
          : null,
    metrics,
    progress,
    timeSaved: answer?.timeSaved ?? null,
    recommendations: answer?.recommendations ?? [],
    badges: answer?.badges ?? {},
    leaderboard: report.leaderboard
      ? compared.leaderboards.of(owner.id, report.leaderboard.metric, report.leaderboard.size)
      : null,
  };
}

/** Each definitions' metrics with their units, listed once for all of a run's reports. */
const units = new WeakMap<Definitions, [string, string[] | null][]>();

function metricUnits(definitions: Definitions): [string, string[] | null][] {
  let list = units.get(definitions);
  if (list === undefined) {
    list = Object.entries(definitions.metrics).map(([name, metric]) => [name, metric.unit ?? null]);
    units.set(definitions, list);
  }
  return list;
}

/**
 * The period's first and last local days as the report shows them, made once per time zone and
 * period (the recipients of a run share a handful of zones), each report getting its own copy.
 */
const periods = new Map<string, { start: string; end: string }>();

function reportPeriod(kind: PeriodKind, period: number, zone: string): Report['period'] {
  const key = `${kind}/${period}/${zone}`;
  let found = periods.get(key);
  if (found === undefined) {
    found = {
      start: periodLabel(period, kind),
      // The last local day of the period.
      end: lastDay(periodEnd(period, zone, kind), periodStart(period, zone, kind), zone),
    };
    if (periods.size >= 256) periods.clear();
    periods.set(key, found);
  }
  return { kind, start: found.start, end: found.end };
}

/** The local date of the last day before `end` (the period's end is the next one's start). */
function lastDay(end: number, start: number, zone: string): string {
  const t = localTime(Math.max(start, end - 1), zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}
