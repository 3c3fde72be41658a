import {
  activityDefinition,
  activityQuery,
  describeActivity,
} from '../analytics/activity-definition.js';
import { AnalyticsInputError } from '../analytics/analytics-input-error.js';
import { iso, signupEventOf, type AnalyticsAnswer } from '../analytics/analytics-context.js';
import { integer, list, oneOf, type RawParams } from '../analytics/params.js';
import { dayOf, DAY_MS } from '../analytics/periods.js';
import { numeric } from '../engine/state/compare.js';
import type { JsonObject } from '../core/types.js';
import { ownValue } from '../core/own-key.js';
import { churnRisk, type ChurnUnit } from './churn-risk.js';
import { checkKnownSignal, fraction } from './signal-params.js';
import type { SignalsContext } from './signals-context.js';

const DEFAULT_VALUE_TRAITS = ['mrr', 'seats', 'employees'];

/** `churn-risk`: users or accounts whose activity fell, or a declared segment's members. */
export async function runChurnRisk(
  ctx: SignalsContext,
  raw: RawParams,
): Promise<AnalyticsAnswer<unknown>> {
  checkKnownSignal('churn-risk', raw);
  const { definitions } = ctx;
  const unit = oneOf(raw, 'unit', ['users', 'accounts'], 'users');
  const windowDays = integer(raw, 'window', 14, 1, 90);
  const drop = fraction(raw, 'drop', 0.5, 0.05, 1);
  const minActive = integer(raw, 'min_active', 4, 1, 90);
  const signal = oneOf(raw, 'signal', ['active_days', 'score', 'either'], 'active_days');
  if (signal !== 'active_days' && !definitions.score)
    throw new AnalyticsInputError('signal', 'cairn.yaml declares no score');
  const limit = integer(raw, 'limit', 100, 1, 1000);
  const segment = raw.segment;
  if (segment !== undefined && !Object.hasOwn(definitions.segments, segment))
    throw new AnalyticsInputError(
      'segment',
      `no segment named ${JSON.stringify(segment)} in cairn.yaml`,
    );
  const valueTraits = raw.value ? [raw.value] : DEFAULT_VALUE_TRAITS;
  const activity = activityDefinition(list(raw, 'activity'), signupEventOf(definitions));

  // The last window ends today (UTC, in progress); the previous one is the N days before it.
  const today = dayOf(ctx.now);
  const lastFrom = today - windowDays + 1;
  const previousFrom = lastFrom - windowDays;
  const weights = definitions.score?.weights ?? {};
  const names = Object.keys(weights);
  const query = activityQuery(activity, previousFrom, today);
  const [profiles, users, accounts, activeDays, counts, members] = await Promise.all([
    ctx.signals.profilesSeen(),
    // The lifecycle stage is listed for users only.
    unit === 'users'
      ? ctx.analytics.analyticsUsers({
          signupEvent: null,
          conversionEvent: null,
          trait: null,
          accountTrait: null,
        })
      : Promise.resolve([]),
    ctx.signals.signalAccounts(),
    ctx.signals.windowActivity(query, lastFrom, unit === 'users' ? 'profiles' : 'accounts'),
    names.length
      ? ctx.signals.activityTotals(
          previousFrom,
          lastFrom,
          today,
          names,
          unit === 'users' ? 'profiles' : 'accounts',
        )
      : Promise.resolve([]),
    segment === undefined ? Promise.resolve(null) : ctx.signals.segmentMembers(segment),
  ]);
  const stage = new Map(users.map((u) => [u.id, u.lifecycle]));
  const accountTraits = new Map(accounts.map((a) => [a.id, a.traits]));
  const inSegment = members ? new Set(members.map((m) => m.profileId)) : null;
  // Distinct active days per unit (an account: days on which any member was active), counted
  // by the store in the two windows.
  const daysOf = new Map(activeDays.map((r) => [r.id, { previous: r.previous, last: r.last }]));
  const noDays = { previous: 0, last: 0 };
  // Score points per unit (a profile, or an account: its members' counts added by the store)
  // and window: each name's count in the window times its weight.
  const scores = new Map<string, { previous: number; last: number }>();
  for (const c of counts) {
    const weight = ownValue(weights, c.name) ?? 0;
    const s = scores.get(c.id) ?? { previous: 0, last: 0 };
    s.previous += weight * c.previous;
    s.last += weight * c.last;
    scores.set(c.id, s);
  }
  const valueOf = (
    traits: JsonObject | undefined,
  ): { value: number | null; trait: string | null } => {
    for (const name of valueTraits) {
      const v = traits ? numeric(ownValue(traits, name)) : null;
      if (v !== null) return { value: v, trait: name };
    }
    return { value: null, trait: null };
  };
  const hasScore = definitions.score !== undefined;

  const units: ChurnUnit[] = [];
  if (unit === 'users') {
    for (const p of profiles) {
      if (inSegment && !inSegment.has(p.id)) continue;
      const s = scores.get(p.id) ?? { previous: 0, last: 0 };
      const accountId = p.accountId;
      const v = valueOf(accountId === null ? undefined : accountTraits.get(accountId));
      units.push({
        id: p.id,
        kind: 'user',
        activeDays: daysOf.get(p.id) ?? noDays,
        score: hasScore ? s : null,
        lastSeen: p.lastSeen,
        value: v.value,
        valueTrait: v.trait,
        members: null,
        accountId,
        stage: stage.get(p.id) ?? null,
      });
    }
  } else {
    const byAccount = new Map<string, string[]>();
    const lastSeen = new Map(profiles.map((p) => [p.id, p.lastSeen]));
    for (const m of await ctx.analytics.allMemberships()) {
      const ids = byAccount.get(m.accountId);
      if (ids) ids.push(m.profileId);
      else byAccount.set(m.accountId, [m.profileId]);
    }
    for (const [id, ids] of byAccount) {
      if (inSegment && !ids.some((m) => inSegment.has(m))) continue;
      const { previous, last } = scores.get(id) ?? { previous: 0, last: 0 };
      const seen = ids.map((m) => lastSeen.get(m)).filter((x): x is number => x !== undefined);
      const v = valueOf(accountTraits.get(id));
      units.push({
        id,
        kind: 'account',
        activeDays: daysOf.get(id) ?? noDays,
        score: hasScore ? { previous, last } : null,
        lastSeen: seen.length ? Math.max(...seen) : null,
        value: v.value,
        valueTrait: v.trait,
        members: ids.length,
        accountId: id,
        stage: null,
      });
    }
  }
  const { total, entries } = churnRisk(units, {
    drop,
    minActive,
    signal,
    declared: segment !== undefined,
    limit,
    windowDays,
  });
  const day = (d: number) => iso(d * DAY_MS).slice(0, 10);
  const what =
    signal === 'active_days'
      ? 'active days'
      : signal === 'score'
        ? 'score points'
        : 'active days or score points';
  const criterion =
    segment !== undefined
      ? `members of segment ${segment}`
      : `${what} in the last ${windowDays} days ≤ ${Math.round((1 - drop) * 100)} % of the ${windowDays} before (at least ${minActive} active days then)`;
  return {
    metric: 'churn-risk',
    asOf: iso(ctx.now),
    range: { from: day(previousFrom), to: day(today) },
    filters: {
      unit,
      window: windowDays,
      drop,
      min_active: minActive,
      signal,
      segment: segment ?? null,
      value: raw.value ?? null,
      activity: activity.kind,
      limit,
    },
    definitions: {
      windows: `UTC days; the last window ends today (in progress), the previous one is the ${windowDays} days before it`,
      activity: describeActivity(activity),
      activeDays:
        unit === 'users'
          ? 'distinct days with activity'
          : 'distinct days on which any member was active',
      score: hasScore
        ? 'points earned in the window: Σ cairn.yaml score weight × times done (no decay)'
        : 'no score declared in cairn.yaml',
      criterion,
      value: `the account trait ${valueTraits.join(', then ')} (a number; the user's first account for users); entries without one come last`,
      order: 'value, highest first; then the steeper fall in active days; then id',
    },
    result: {
      unit: unit === 'users' ? 'users' : 'accounts',
      windows: {
        previous: { from: day(previousFrom), to: day(lastFrom - 1) },
        last: { from: day(lastFrom), to: day(today) },
      },
      criterion,
      value: raw.value ?? valueTraits.join(','),
      total,
      entries: entries.map((e) => ({
        ...e,
        lastSeen: e.lastSeen === null ? null : iso(e.lastSeen),
      })),
    },
  };
}
