import type { AnalyticsUserRow } from '../store/analytics-store.js';
import { activityDefinition, activityQuery, describeActivity } from './activity-definition.js';
import { AnalyticsInputError } from './analytics-input-error.js';
import {
  iso,
  signupDefinition,
  signupEventOf,
  type AnalyticsAnswer,
  type AnalyticsContext,
} from './analytics-context.js';
import { countedUnitAndDimension, describeDimension, NO_VALUE } from './dimension.js';
import { dimensionUsers } from './dimension-users.js';
import { checkKnown, integer, list, minSize, oneOf, unitParam, type RawParams } from './params.js';
import { parseTime } from './dimension.js';
import { dayOf, firstDayOf, periodOf, periodStart, type PeriodUnit } from './periods.js';
import { retentionTablesFromCounts } from './retention-counts.js';
import {
  cellUnits,
  retentionTables,
  SUMMARY_DAYS,
  type RetentionTable,
  type RetentionMode,
  type RetentionOptions,
  type RetentionUnit,
} from './retention.js';

const DEFAULT_PERIODS: Record<PeriodUnit, number> = { day: 30, week: 12, month: 6 };

/** `retention`: cohort × period tables, means, the D1/D7/D30/D90 summary, a cell's units. */
export async function runRetention(
  ctx: AnalyticsContext,
  raw: RawParams,
): Promise<AnalyticsAnswer<unknown>> {
  checkKnown('retention', raw);
  const unit = unitParam(raw, 'week');
  const periods = integer(raw, 'periods', DEFAULT_PERIODS[unit], 1, 400);
  const mode = oneOf<RetentionMode>(raw, 'mode', ['on', 'on_or_after'], 'on');
  const cohortBy = oneOf(raw, 'cohort', ['signup', 'first_event'], 'signup');
  const { countBy, dimension } = countedUnitAndDimension(raw);
  const min = minSize(raw);
  const to = raw.to ? parseTime(raw.to, 'to', true) : ctx.now;
  const toPeriod = periodOf(unit, Math.min(to, ctx.now));
  const fromPeriod = raw.from ? periodOf(unit, parseTime(raw.from, 'from')) : toPeriod - periods;
  if (fromPeriod > toPeriod) throw new AnalyticsInputError('from', 'must not be after to');
  if (toPeriod - fromPeriod > 1000) throw new AnalyticsInputError('from', 'at most 1000 cohorts');
  const signupEvent = signupEventOf(ctx.definitions);
  const activity = activityDefinition(list(raw, 'activity'), signupEvent);

  const options: RetentionOptions = {
    unit,
    periods,
    mode,
    fromPeriod,
    toPeriod,
    now: ctx.now,
    minSize: min,
  };
  const answer = (
    overall: RetentionTable,
    groups: RetentionTable[],
    cell: { cohort: string; n: number; group: string; units: string[] } | null,
  ): AnalyticsAnswer<unknown> => ({
    metric: 'retention',
    asOf: iso(ctx.now),
    range: { from: iso(periodStart(unit, fromPeriod)), to: iso(Math.min(to, ctx.now)) },
    filters: {
      by: describeDimension(dimension),
      min_size: min,
      period: unit,
      periods,
      mode,
      cohort: cohortBy,
      unit: countBy,
      activity: activity.kind,
    },
    definitions: {
      population: signupDefinition(ctx.definitions),
      unit:
        countBy === 'users'
          ? 'users'
          : "accounts: cohort at their first member's entry; active when any member is",
      cohort:
        cohortBy === 'signup'
          ? `the ${unit} of signup (UTC)`
          : `the ${unit} of the first event (UTC)`,
      activity: describeActivity(activity),
      retained:
        mode === 'on' ? `active during period n` : `active during period n or any later period`,
      periods: `calendar ${unit}s in UTC${unit === 'week' ? ' (Monday to Sunday)' : ''}; period 0 is the cohort's own (100 %)`,
      incomplete:
        'a period not over yet is marked incomplete (its numbers can still grow) and left out of the means; a period not started is absent, never 0 %',
      mean: 'weighted: Σ retained ÷ Σ cohort size; simple: mean of cohort rates; both over cohorts with that period complete; empty cohorts excluded, 0 % cohorts included',
      summary:
        'day N after the cohort day (UTC): "on" active that day, "onOrAfter" that day or later, over units for whom day N is over',
      interval: 'Wilson score interval, 95 %',
    },
    result: { overall, groups, cell },
  });
  const days = activityQuery(activity, firstDayOf(unit, fromPeriod), dayOf(ctx.now));
  // Users as the unit overall or by persona, or accounts overall, and no cell's units asked
  // for: the store counts the cohorts × periods (an account's members' days merged there).
  // Otherwise (other breakdowns, accounts by a trait, a cell) the units are built here from
  // each user's active days.
  if (
    (dimension.kind === 'none' || (countBy === 'users' && dimension.kind === 'persona')) &&
    raw.cell === undefined &&
    raw.group === undefined
  ) {
    const rows = await ctx.store.retentionCounts({
      activity: days,
      unit,
      cohortBy,
      signupEvent,
      fromCohortDay: firstDayOf(unit, fromPeriod),
      toCohortDay: firstDayOf(unit, toPeriod + 1) - 1,
      periods,
      persona: dimension.kind === 'persona' ? dimension.dimension : null,
      summaryDays: [...SUMMARY_DAYS],
      accounts: countBy === 'accounts',
    });
    const { overall, groups } = retentionTablesFromCounts(rows, options, (g) => g ?? NO_VALUE);
    return answer(overall, dimension.kind === 'none' ? [] : groups, null);
  }
  const [{ users, key }, daysOf] = await Promise.all([
    dimensionUsers(ctx, dimension, { signupEvent, conversionEvent: null }),
    ctx.store.activityDays(days),
  ]);
  const entry = (u: AnalyticsUserRow) => dayOf(cohortBy === 'signup' ? u.signupAt : u.firstSeen);
  const units =
    countBy === 'users'
      ? users.map((u): RetentionUnit => ({
          id: u.id,
          cohortDay: entry(u),
          group: key(u),
          days: daysOf.get(u.id) ?? [],
        }))
      : await accountUnits(ctx, users, entry, daysOf, dimension.kind === 'account');
  const { overall, groups } = retentionTables(units, options, dimension.kind !== 'none');
  let cell: { cohort: string; n: number; group: string; units: string[] } | null = null;
  if (raw.cell) {
    const m = /^(.+):(\d+)$/.exec(raw.cell);
    if (!m || Number(m[2]) > periods) {
      throw new AnalyticsInputError(
        'cell',
        `expected <cohort>:<period number ≤ ${periods}>, e.g. ${overall.cohorts.at(-1)?.cohort ?? '2026-01-05'}:1`,
      );
    }
    const group = raw.group ?? 'all';
    const members = group === 'all' ? units : units.filter((u) => u.group === group);
    cell = {
      cohort: m[1],
      n: Number(m[2]),
      group,
      units: cellUnits(members, options, m[1], Number(m[2])),
    };
  } else if (raw.group !== undefined) {
    throw new AnalyticsInputError('group', 'only with cell');
  }
  return answer(overall, dimension.kind === 'none' ? [] : groups, cell);
}

async function accountUnits(
  ctx: AnalyticsContext,
  users: AnalyticsUserRow[],
  entry: (u: AnalyticsUserRow) => number,
  days: Map<string, number[]>,
  byAccountTrait: boolean,
): Promise<RetentionUnit[]> {
  const byId = new Map(users.map((u) => [u.id, u]));
  // Each account's members' day lists, merged once at the end (most accounts have one active
  // member: their list is the account's as it is).
  const accounts = new Map<string, { cohortDay: number; lists: number[][]; group: string }>();
  for (const { accountId, profileId } of await ctx.store.allMemberships()) {
    const u = byId.get(profileId);
    if (!u) continue;
    let a = accounts.get(accountId);
    if (!a) {
      a = { cohortDay: entry(u), lists: [], group: 'all' };
      accounts.set(accountId, a);
    }
    a.cohortDay = Math.min(a.cohortDay, entry(u));
    if (byAccountTrait && u.accountId === accountId) {
      a.group =
        u.accountTrait === null
          ? '(none)'
          : typeof u.accountTrait === 'string'
            ? u.accountTrait
            : JSON.stringify(u.accountTrait);
    } else if (byAccountTrait && a.group === 'all') {
      a.group = '(none)';
    }
    const list = days.get(profileId);
    if (list?.length) a.lists.push(list);
  }
  return [...accounts].map(([id, a]) => ({
    id,
    cohortDay: a.cohortDay,
    group: a.group,
    days:
      a.lists.length === 0
        ? []
        : a.lists.length === 1
          ? a.lists[0]
          : [...new Set(a.lists.flat())].sort((x, y) => x - y),
  }));
}
