import type { AnalyticsUserRow } from '../store/analytics-store.js';
import {
  activityDefinition,
  activityQuery,
  counts,
  describeActivity,
} from './activity-definition.js';
import {
  adoptionGroupFromCounts,
  adoptionGroups,
  type AdoptionGroup,
  type AdoptionUnit,
} from './adoption.js';
import { AnalyticsInputError } from './analytics-input-error.js';
import {
  iso,
  signupDefinition,
  signupEventOf,
  type AnalyticsAnswer,
  type AnalyticsContext,
} from './analytics-context.js';
import { describeDimension, countedUnitAndDimension, parseTime } from './dimension.js';
import { dimensionUsers } from './dimension-users.js';
import { lifecycleOverTime } from './lifecycle-over-time.js';
import { messageGroups, type MessageGrouping } from './message-metrics.js';
import {
  checkKnown,
  list,
  minSize,
  oneOf,
  timeRange,
  unitParam,
  type RawParams,
} from './params.js';
import {
  firstDayOf,
  periodEnd,
  periodLabel,
  periodOf,
  periodStart,
  PERIOD_UNITS,
  type PeriodUnit,
} from './periods.js';

/** `adoption`: per event name or milestone, the share of the period's active units who did it. */
export async function runAdoption(
  ctx: AnalyticsContext,
  raw: RawParams,
): Promise<AnalyticsAnswer<unknown>> {
  checkKnown('adoption', raw);
  const unit = unitParam(raw, 'week');
  // Default: the last complete period.
  const period = raw.at ? periodOf(unit, parseTime(raw.at, 'at')) : periodOf(unit, ctx.now) - 1;
  const { countBy, dimension } = countedUnitAndDimension(raw);
  const min = minSize(raw);
  const signupEvent = signupEventOf(ctx.definitions);
  const activity = activityDefinition(list(raw, 'activity'), signupEvent);
  const requested = list(raw, 'items');
  const itemsOf = (names: Iterable<string>) =>
    requested
      ? requested.map((i) =>
          i.startsWith('milestone:') || i.startsWith('event:') ? i : `event:${i}`,
        )
      : [
          ...[...names]
            .filter((n) => counts(activity, n))
            .sort()
            .map((n) => `event:${n}`),
          ...Object.keys(ctx.definitions.milestones).map((m) => `milestone:${m}`),
        ];
  const answer = (overall: AdoptionGroup, groups: AdoptionGroup[]): AnalyticsAnswer<unknown> => ({
    metric: 'adoption',
    asOf: iso(ctx.now),
    range: { from: iso(periodStart(unit, period)), to: iso(periodEnd(unit, period)) },
    filters: {
      by: describeDimension(dimension),
      min_size: min,
      period: unit,
      at: periodLabel(unit, period),
      unit: countBy,
      activity: activity.kind,
    },
    definitions: {
      population: signupDefinition(ctx.definitions),
      active: `did an activity in the ${unit} (UTC): ${describeActivity(activity)}`,
      adoption:
        'share of the active units who performed the event (or reached the milestone) in the period; previous: the same for the period before; change: the difference in proportion points',
      incomplete:
        periodEnd(unit, period) > ctx.now
          ? `the ${unit} is not over: numbers can still grow`
          : null,
      interval: 'Wilson score interval, 95 %',
    },
    result: { overall, groups: dimension.kind === 'none' ? [] : groups },
  });
  if (countBy === 'users' && dimension.kind === 'none') {
    // Users overall: the store counts the active users, names and milestones per period.
    const countsOf = (p: number) =>
      ctx.store.adoptionCounts({
        activity: activityQuery(activity, firstDayOf(unit, p), firstDayOf(unit, p + 1) - 1),
        from: periodStart(unit, p),
        to: periodEnd(unit, p),
        signupEvent,
      });
    const [now, before] = await Promise.all([countsOf(period), countsOf(period - 1)]);
    const items = itemsOf(now.filter((r) => r.kind === 'event').map((r) => r.name!));
    return answer(adoptionGroupFromCounts(items, now, before, min), []);
  }
  const [{ users, key }, current, previous] = await Promise.all([
    dimensionUsers(ctx, dimension, { signupEvent, conversionEvent: null }),
    ctx.store.activityNames(firstDayOf(unit, period), firstDayOf(unit, period + 1) - 1),
    ctx.store.activityNames(firstDayOf(unit, period - 1), firstDayOf(unit, period) - 1),
  ]);
  const [start, end, prevStart] = [
    periodStart(unit, period),
    periodEnd(unit, period),
    periodStart(unit, period - 1),
  ];
  const none: ReadonlySet<string> = new Set();
  const reachedIn = (u: AnalyticsUserRow, from: number, to: number) => {
    let reached: Set<string> | null = null;
    for (const m in u.milestones) {
      const at = u.milestones[m];
      if (at >= from && at < to) (reached ??= new Set()).add(m);
    }
    return reached ?? none;
  };
  const setOf = (names: string[] | undefined) => (names ? new Set(names) : none);
  // A user with no activity in either period is active in neither: their milestones add to no
  // count, so they are not looked at (an account counts every member's milestones, though).
  let units: AdoptionUnit[] = users.map((u) =>
    countBy === 'users' && !current.has(u.id) && !previous.has(u.id)
      ? {
          id: u.id,
          group: key(u),
          names: none,
          previousNames: none,
          milestones: none,
          previousMilestones: none,
        }
      : {
          id: u.id,
          group: key(u),
          names: setOf(current.get(u.id)),
          previousNames: setOf(previous.get(u.id)),
          milestones: reachedIn(u, start, end),
          previousMilestones: reachedIn(u, prevStart, start),
        },
  );
  if (countBy === 'accounts') units = await mergeIntoAccounts(ctx, units, users);
  const names = new Set<string>();
  for (const u of units) for (const n of u.names) names.add(n);
  const items = itemsOf(names);
  const isActive = (set: ReadonlySet<string>) => {
    for (const n of set) if (counts(activity, n)) return true;
    return false;
  };
  const { overall, groups } = adoptionGroups(
    units,
    items,
    isActive,
    min,
    dimension.kind !== 'none',
  );
  return answer(overall, groups);
}

async function mergeIntoAccounts(
  ctx: AnalyticsContext,
  units: AdoptionUnit[],
  users: AnalyticsUserRow[],
): Promise<AdoptionUnit[]> {
  const byUser = new Map(units.map((u) => [u.id, u]));
  const row = new Map(users.map((u) => [u.id, u]));
  const accounts = new Map<
    string,
    {
      group: string;
      names: Set<string>;
      previousNames: Set<string>;
      milestones: Set<string>;
      previousMilestones: Set<string>;
    }
  >();
  for (const { accountId, profileId } of await ctx.store.allMemberships()) {
    const u = byUser.get(profileId);
    if (!u) continue;
    let a = accounts.get(accountId);
    if (!a) {
      a = {
        group: '(none)',
        names: new Set(),
        previousNames: new Set(),
        milestones: new Set(),
        previousMilestones: new Set(),
      };
      accounts.set(accountId, a);
    }
    if (row.get(profileId)?.accountId === accountId) a.group = u.group;
    for (const n of u.names) a.names.add(n);
    for (const n of u.previousNames) a.previousNames.add(n);
    for (const n of u.milestones) a.milestones.add(n);
    for (const n of u.previousMilestones) a.previousMilestones.add(n);
  }
  return [...accounts].map(([id, a]) => ({ id, ...a }));
}

/** `lifecycle`: users per lifecycle and engagement stage per period, and the moves between. */
export async function runLifecycle(
  ctx: AnalyticsContext,
  raw: RawParams,
): Promise<AnalyticsAnswer<unknown>> {
  checkKnown('lifecycle', raw);
  const unit = oneOf<PeriodUnit>(raw, 'period', PERIOD_UNITS, 'week');
  const range = timeRange(raw, ctx.now, 84);
  const kinds = oneOf(raw, 'kind', ['lifecycle', 'engagement', 'both'], 'both');
  const fromPeriod = periodOf(unit, range.from);
  const toPeriod = periodOf(unit, Math.min(range.to, ctx.now));
  if (toPeriod - fromPeriod > 1000) throw new AnalyticsInputError('from', 'at most 1000 periods');
  const changes = await ctx.store.stageChangeCounts(Math.min(range.to, ctx.now));
  const of = (kind: string) =>
    lifecycleOverTime(changes, kind, unit, fromPeriod, toPeriod, ctx.now);
  return {
    metric: 'lifecycle',
    asOf: iso(ctx.now),
    range: { from: iso(periodStart(unit, fromPeriod)), to: iso(Math.min(range.to, ctx.now)) },
    filters: { period: unit, kind: kinds },
    definitions: {
      stages:
        'from the recorded "Stage Changed" state changes: a user is in the stage of their last change at or before the end of the period (now for the current one)',
      flows: '"from → to" counts of the stage changes within each period',
      periods: `calendar ${unit}s in UTC`,
    },
    result: {
      lifecycle: kinds === 'engagement' ? null : of('lifecycle'),
      engagement: kinds === 'lifecycle' ? null : of('engagement'),
    },
  };
}

const ENGAGEMENT_NAMES = {
  opened: 'Email Opened',
  clicked: 'Email Clicked',
  unsubscribed: 'Unsubscribed',
  bounced: 'Email Bounced',
  complained: 'Email Complained',
} as const;

/** `messages`: delivery and engagement rates per template, journey or channel. */
export async function runMessages(
  ctx: AnalyticsContext,
  raw: RawParams,
): Promise<AnalyticsAnswer<unknown>> {
  checkKnown('messages', raw);
  const range = timeRange(raw, ctx.now, 30);
  const by = oneOf<MessageGrouping>(raw, 'by', ['template', 'journey', 'channel'], 'template');
  const period = raw.period === undefined || raw.period === 'none' ? null : unitParam(raw, 'week');
  const min = minSize(raw);
  const [messages, events] = await Promise.all([
    ctx.store.analyticsMessages(range.from, range.to + 1),
    ctx.store.messageEngagement(Object.values(ENGAGEMENT_NAMES)),
  ]);
  const sets = {
    opened: new Set<string>(),
    clicked: new Set<string>(),
    unsubscribed: new Set<string>(),
    bounced: new Set<string>(),
    complained: new Set<string>(),
  };
  const kindOf = new Map<string, keyof typeof sets>(
    Object.entries(ENGAGEMENT_NAMES).map(([k, n]) => [n, k as keyof typeof sets]),
  );
  for (const e of events) sets[kindOf.get(e.name)!].add(e.message);
  const groups = messageGroups(messages, sets, by, period, min);
  return {
    metric: 'messages',
    asOf: iso(ctx.now),
    range: { from: iso(range.from), to: iso(range.to) },
    filters: { by, period: period ?? 'none', min_size: min },
    definitions: {
      population: 'messages of the delivery log created (queued) in the range',
      sent: 'state sent',
      delivered: 'sent and no "Email Bounced" reported afterwards',
      bounced:
        'email refused at send time (state failed) or reported later ("Email Bounced"), ÷ (sent + refused)',
      opened:
        'messages with an "Email Opened" (tracking pixel), ÷ delivered; inflated by privacy proxies that fetch images without a reader',
      clicked: 'messages with an "Email Clicked", ÷ delivered',
      unsubscribed: 'messages with an "Unsubscribed" naming them, ÷ delivered',
      complained: 'messages with an "Email Complained", ÷ delivered',
      interval: 'Wilson score interval, 95 %',
      note: 'product metrics (activation, conversion, retention) come first; these are second',
    },
    result: { groups },
  };
}
