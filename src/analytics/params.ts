import { AnalyticsInputError } from './analytics-input-error.js';
import { parseTime } from './dimension.js';
import { PERIOD_UNITS, type PeriodUnit } from './periods.js';

/** Query parameters as received (HTTP query string or CLI flags), by name. */
export type RawParams = Readonly<Record<string, string | undefined>>;

export const METRICS = [
  'activation',
  'conversion',
  'retention',
  'adoption',
  'lifecycle',
  'messages',
] as const;
export type MetricName = (typeof METRICS)[number];

/** The parameters each metric accepts; anything else is refused (400), never ignored. */
export const METRIC_PARAMS: Record<MetricName, readonly string[]> = {
  activation: ['from', 'to', 'by', 'min_size', 'funnel', 'steps'],
  conversion: ['from', 'to', 'by', 'min_size'],
  retention: [
    'from',
    'to',
    'by',
    'min_size',
    'period',
    'periods',
    'mode',
    'cohort',
    'activity',
    'unit',
    'cell',
    'group',
  ],
  adoption: ['at', 'period', 'by', 'min_size', 'activity', 'unit', 'items'],
  lifecycle: ['from', 'to', 'period', 'kind'],
  messages: ['from', 'to', 'by', 'period', 'min_size'],
};

export function checkKnown(metric: MetricName, raw: RawParams): void {
  const allowed = METRIC_PARAMS[metric];
  for (const name of Object.keys(raw)) {
    if (raw[name] === undefined) continue;
    if (!allowed.includes(name)) {
      throw new AnalyticsInputError(
        name,
        `unknown parameter for ${metric}; allowed: ${allowed.join(', ')}`,
      );
    }
  }
}

export function oneOf<T extends string>(
  raw: RawParams,
  name: string,
  values: readonly T[],
  fallback: T,
): T {
  const v = raw[name];
  if (v === undefined || v === '') return fallback;
  if (!values.includes(v as T)) {
    throw new AnalyticsInputError(
      name,
      `expected one of ${values.join(', ')} (got ${JSON.stringify(v)})`,
    );
  }
  return v as T;
}

export function integer(
  raw: RawParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = raw[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) {
    throw new AnalyticsInputError(
      name,
      `expected a whole number from ${min} to ${max} (got ${JSON.stringify(v)})`,
    );
  }
  return n;
}

export function list(raw: RawParams, name: string): string[] | null {
  const v = raw[name];
  if (v === undefined || v === '') return null;
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new AnalyticsInputError(name, 'expected a comma-separated list');
  return items;
}

export function unitParam(raw: RawParams, fallback: PeriodUnit): PeriodUnit {
  return oneOf(raw, 'period', PERIOD_UNITS, fallback);
}

/** `from`/`to` (ISO dates; a bare `to` date includes that whole day), `to` defaulting to now. */
export function timeRange(
  raw: RawParams,
  now: number,
  defaultDays: number,
): { from: number; to: number } {
  const to = raw.to ? parseTime(raw.to, 'to', true) : now;
  const from = raw.from ? parseTime(raw.from, 'from') : to - defaultDays * 86_400_000;
  if (from > to) throw new AnalyticsInputError('from', 'must not be after to');
  return { from, to };
}

export const DEFAULT_MIN_SIZE = 30;

export function minSize(raw: RawParams): number {
  return integer(raw, 'min_size', DEFAULT_MIN_SIZE, 1, 1_000_000);
}

/** What each parameter means: the OpenAPI document and the CLI's help are built from this. */
export const PARAM_HELP: Record<string, string> = {
  from: 'start of the range (ISO date or date-time, UTC): signups for activation, conversion and retention cohorts; message creation for messages',
  to: 'end of the range (a bare date includes that whole day; default now)',
  by: 'breakdown: persona.<dimension>, stage.lifecycle[@date], stage.engagement[@date], cohort.day|week|month, first_touch.source|campaign|medium|referrer (or source, campaign, referrer), account.<trait>, trait.<name>; messages: template, journey or channel',
  min_size: 'groups smaller than this show counts but no rate (default 30)',
  funnel: 'ordered (default) or any: whether funnel steps must be reached in order',
  steps: 'comma-separated milestone names for the funnel (default: the activation milestones)',
  period: 'day, week (default) or month; messages: none (default), day, week or month',
  periods: 'periods after the cohort period to show (default 30 days, 12 weeks, 6 months)',
  mode: 'on (returned during period N, default) or on_or_after (N or later)',
  cohort: 'signup (default) or first_event: what puts a user in a cohort',
  activity:
    'what counts as activity: comma-separated event names, or all (default: meaningful events, not page views or sign-ins)',
  unit: 'users (default) or accounts',
  cell: '<cohort>:<period>, e.g. 2026-03-02:2 — list the units counted in that cell',
  group: 'with cell: the breakdown group whose cell to list (default: all)',
  at: 'a date inside the period to report (default: the last complete period)',
  items:
    'comma-separated event names or milestone:<name> (default: every meaningful event seen, and every milestone)',
  kind: 'lifecycle, engagement or both (default)',
};
