import { AnalyticsInputError } from '../analytics/analytics-input-error.js';
import { parseDuration } from '../definitions/duration.js';
import type { RawParams } from '../analytics/params.js';

export const SIGNALS = ['signal', 'audit', 'churn-risk'] as const;
export type SignalName = (typeof SIGNALS)[number];

/** The parameters of `audit` that decide its groups and attributes (and so the users behind a
 * count): the rest only shape how the rows are shown. */
export const AUDIT_GROUP_PARAMS = [
  'outcome',
  'days',
  'unit',
  'share',
  'from',
  'to',
  'activity',
  'behavior_days',
] as const;

/** The parameters each signal accepts; anything else is refused (400), never ignored. */
export const SIGNAL_PARAMS: Record<SignalName, readonly string[]> = {
  signal: [
    'segment',
    'rule',
    'window',
    'days',
    'retention',
    'from',
    'to',
    'activity',
    'outcome',
    'events',
    'counts',
    'hours',
    'min_support',
    'rank',
    'limit',
    'min_size',
  ],
  audit: [...AUDIT_GROUP_PARAMS, 'min_count', 'limit', 'as_segment', 'row'],
  'churn-risk': [
    'unit',
    'window',
    'drop',
    'min_active',
    'signal',
    'segment',
    'value',
    'activity',
    'limit',
  ],
};

/** What each parameter means: the OpenAPI document and the CLI's help are built from this. */
export const SIGNAL_PARAM_HELP: Record<SignalName, Record<string, string>> = {
  signal: {
    segment:
      'the segment whose rule splits users, read over their first hours (default meaningful_first_48h)',
    rule: 'instead of a segment: a rule of the cairn.yaml language as JSON, e.g. {"performed":["Report Created"],"at_least":2}',
    window: 'the first hours the rule is read over, as a duration (default 48h, at most 14d)',
    days: 'N of the outcomes: retained at day N, converted by day N (default 30)',
    retention: 'on_or_after (default: active on day N or later) or on (active on day N)',
    from: 'signups from this date (ISO; default a year before to)',
    to: 'signups up to this date (default now); users whose day N is not over are left out',
    activity:
      'what counts as activity: comma-separated event names, or all (default: meaningful events)',
    outcome: 'what the action scan predicts: retained (default) or converted',
    events:
      'comma-separated event names the scan tries (default: every activity name seen in the first 14 days)',
    counts: 'comma-separated thresholds k of "at least k times", 1–10 (default 1,2,3,5,10)',
    hours: 'comma-separated windows h in hours after signup, 1–336 (default 24,48,168,336)',
    min_support:
      'fewest users on each side (did, did not) for a scan row (default min(25, 2 % of users))',
    rank: 'phi (default) or odds_ratio: what orders the scan',
    limit: 'scan rows each way, 1–100 (default 10)',
    min_size: 'groups smaller than this show counts but no rate (default 30)',
  },
  audit: {
    outcome:
      'retained (at day N, default), converted_retained, or active_days (in the first N days)',
    days: 'N (default 30)',
    unit: 'users (default) or accounts',
    share: 'the share of units in the top and in the bottom group, 0.05–0.5 (default 0.2)',
    from: 'signups from this date (ISO; default a year before to)',
    to: 'signups up to this date (default now); units whose day N is not over are left out',
    activity:
      'what counts as activity: comma-separated event names, or all (default: meaningful events)',
    behavior_days: 'first-week behaviors: did X within this many days of signup (default 7)',
    min_count:
      'attribute values held by fewer units (top and bottom together) are left out (default 5)',
    limit: 'rows, 1–500 (default 50)',
    as_segment:
      'a segment name: the answer includes a row as a segment of cairn.yaml (rule and YAML)',
    row: "with as_segment: the row's key (default: the first row with a rule)",
  },
  'churn-risk': {
    unit: 'users (default) or accounts',
    window: 'days in each window: the last N days against the N before (default 14)',
    drop: 'the fall that counts, as a share of the previous window, 0.05–1 (default 0.5)',
    min_active: 'fewest active days in the previous window to be listed (default 4)',
    signal: 'active_days (default), score, or either: what must have fallen',
    segment: 'instead: list the members of this segment of cairn.yaml, with the same facts',
    value: 'the account trait that orders the list (default mrr; then seats, then employees)',
    activity:
      'what counts as activity: comma-separated event names, or all (default: meaningful events)',
    limit: 'entries, 1–1000 (default 100)',
  },
};

export function checkKnownSignal(name: SignalName, raw: RawParams): void {
  const allowed = SIGNAL_PARAMS[name];
  for (const key of Object.keys(raw)) {
    if (raw[key] === undefined) continue;
    if (!allowed.includes(key))
      throw new AnalyticsInputError(
        key,
        `unknown parameter for ${name}; allowed: ${allowed.join(', ')}`,
      );
  }
}

/** A duration param (`48h`, `7d`) within [min, max] ms. */
export function durationParam(
  raw: RawParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = raw[name];
  if (v === undefined || v === '') return fallback;
  const ms = parseDuration(v);
  if (ms === null || ms < min || ms > max)
    throw new AnalyticsInputError(
      name,
      `expected a duration such as 48h or 7d, from ${min / 3_600_000} h to ${max / 86_400_000} days (got ${JSON.stringify(v)})`,
    );
  return ms;
}

export function fraction(
  raw: RawParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = raw[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!/^\d*\.?\d+$/.test(v) || n < min || n > max)
    throw new AnalyticsInputError(
      name,
      `expected a number from ${min} to ${max} (got ${JSON.stringify(v)})`,
    );
  return n;
}

/** A comma-separated list of whole numbers, each in [min, max]. */
export function integers(
  raw: RawParams,
  name: string,
  fallback: number[],
  min: number,
  max: number,
): number[] {
  const v = raw[name];
  if (v === undefined || v === '') return fallback;
  const parts = v.split(',').map((s) => s.trim());
  const out: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n < min || n > max)
      throw new AnalyticsInputError(
        name,
        `expected comma-separated whole numbers from ${min} to ${max} (got ${JSON.stringify(v)})`,
      );
    if (!out.includes(n)) out.push(n);
  }
  return out.sort((a, b) => a - b);
}
