import {
  activityDefinition,
  counts as activityCounts,
  describeActivity,
} from '../analytics/activity-definition.js';
import { AnalyticsInputError } from '../analytics/analytics-input-error.js';
import {
  iso,
  signupDefinition,
  signupEventOf,
  type AnalyticsAnswer,
} from '../analytics/analytics-context.js';
import { integer, list, minSize, oneOf, timeRange, type RawParams } from '../analytics/params.js';
import { ruleSchema } from '../definitions/rule.js';
import type { Rule } from '../definitions/rule-types.js';
import { formatDuration } from '../definitions/duration.js';
import type { JsonObject } from '../core/types.js';
import { scanActions } from './action-scan.js';
import {
  checkEarlyRule,
  earlyRuleHolds,
  earlyRuleNames,
  earlyRuleReadsProfile,
} from './early-rule.js';
import { loadUsers, type SignalUser } from './load-users.js';
import {
  convertedBy,
  dayOver,
  populationSignups,
  retainedAt,
  type RetentionMode,
} from './outcomes.js';
import { signalSplit } from './signal-split.js';
import { checkKnownSignal, durationParam, integers } from './signal-params.js';
import { HOUR_MS, type SignalsContext } from './signals-context.js';

export const DEFAULT_SPLIT_SEGMENT = 'meaningful_first_48h';
const DAY_MS = 86_400_000;
const SCAN_HORIZON = 14 * DAY_MS;
const SCAN_HOURS = SCAN_HORIZON / HOUR_MS;

/**
 * `signal`: the 48-hour split (retention and conversion, their difference) and the action scan.
 * `onSplit` receives each user of the population with their side of the split (the users behind
 * its groups: signal-members.ts).
 */
export async function runSignal(
  ctx: SignalsContext,
  raw: RawParams,
  onSplit?: (sides: readonly { id: string; matched: boolean }[]) => void,
): Promise<AnalyticsAnswer<unknown>> {
  checkKnownSignal('signal', raw);
  const { definitions } = ctx;
  const window = durationParam(raw, 'window', 48 * HOUR_MS, HOUR_MS, SCAN_HORIZON);
  const days = integer(raw, 'days', 30, 1, 365);
  const mode = oneOf<RetentionMode>(raw, 'retention', ['on_or_after', 'on'], 'on_or_after');
  const outcome = oneOf(raw, 'outcome', ['retained', 'converted'], 'retained');
  if (outcome === 'converted' && !definitions.conversion)
    throw new AnalyticsInputError('outcome', 'cairn.yaml declares no conversion');
  const counts = integers(raw, 'counts', [1, 2, 3, 5, 10], 1, 10);
  const hours = integers(raw, 'hours', [24, 48, 168, 336], 1, 336);
  const rank = oneOf(raw, 'rank', ['phi', 'odds_ratio'], 'phi');
  const limit = integer(raw, 'limit', 10, 1, 100);
  const min = minSize(raw);
  const range = timeRange(raw, ctx.now, 365);
  const activity = activityDefinition(list(raw, 'activity'), signupEventOf(definitions));
  const split = splitRule(ctx, raw);

  // The split reads exact times of the rule's names up to signup + window; the scan reads
  // every name's hours after signup, grouped by the store, up to 14 days: both from one read.
  // Profile and account documents only for a rule that reads traits or answers; the outcomes
  // need no active days among the first N, and day N itself only for retention "on".
  const readsProfile = earlyRuleReadsProfile(split.rule, definitions);
  const [all, { hours: early, times: actions }, accountTraits] = await Promise.all([
    loadUsers(ctx, range, activity, days, false, {
      profiles: readsProfile,
      firstDays: false,
      onDay: mode === 'on',
    }),
    ctx.signals.earlyHoursAndTimes(
      SCAN_HOURS,
      earlyRuleNames(split.rule, definitions),
      window,
      populationSignups(range, days, ctx.now),
    ),
    readsProfile ? accountTraitsById(ctx) : Promise.resolve(new Map<string, JsonObject>()),
  ]);
  const users = all.filter((u) => dayOver(u, days, ctx.now));
  const empty = new Map<string, number[]>();
  const units = users.map((u) => {
    const matched = inSplit(ctx, split.rule, window, u, actions, accountTraits);
    const retained = retainedAt(u, days, mode);
    const converted = definitions.conversion ? convertedBy(u, days) : null;
    return { matched, retained, converted, signupAt: u.signupAt, hours: early.get(u.id) };
  });
  const { groups, difference } = signalSplit(units, min);
  onSplit?.(users.map((u, i) => ({ id: u.id, matched: units[i]!.matched })));

  const signupEvent = signupEventOf(definitions);
  let events = list(raw, 'events');
  if (!events) {
    const seen = new Set<string>();
    for (const u of users)
      for (const name of (early.get(u.id) ?? empty).keys())
        if (name !== signupEvent && activityCounts(activity, name)) seen.add(name);
    events = [...seen].sort();
  }
  const minSupport =
    raw.min_support !== undefined
      ? integer(raw, 'min_support', 25, 1, 1_000_000)
      : Math.max(1, Math.min(25, Math.ceil(0.02 * units.length)));
  const scan = scanActions(
    units.map((u) => ({
      signupAt: u.signupAt,
      outcome: outcome === 'retained' ? u.retained : u.converted === true,
      hours: u.hours,
    })),
    { events, counts, hours, minSupport, rank, limit },
  );

  return {
    metric: 'signal',
    asOf: iso(ctx.now),
    range: { from: iso(range.from), to: iso(range.to) },
    filters: {
      segment: split.segment,
      rule: split.source === 'rule' ? split.rule : null,
      window: formatDuration(window),
      days,
      retention: mode,
      activity: activity.kind,
      outcome,
      events: raw.events ? events : null,
      counts,
      hours,
      min_support: minSupport,
      rank,
      limit,
      min_size: min,
    },
    definitions: {
      population: `${signupDefinition(definitions)}, signed up in the range, whose day ${days} (UTC) is over`,
      split: `${split.source === 'segment' ? `segment ${split.segment}'s rule` : 'the rule given'} read as of signup + ${formatDuration(window)}: events, milestones and activation count only when they happened by then; traits and answers are the current ones`,
      activity: describeActivity(activity),
      retained:
        mode === 'on'
          ? `active on day ${days} after the signup day (UTC), as the retention summary's "on"`
          : `active on day ${days} after the signup day (UTC) or later, as the retention summary's "on or after"`,
      converted: definitions.conversion
        ? `cairn.yaml's conversion reached at most ${days} days after signup`
        : 'no conversion declared in cairn.yaml',
      interval:
        'rates: Wilson score interval, 95 %; difference (matched − not matched): Newcombe hybrid score interval, 95 %',
      scan: `every event X, k in counts and h in hours: did X at least k times by signup + h hours (times before signup count); each row needs min_support users who did and who did not`,
      oddsRatio:
        '((a+1)(d+1)) / ((b+1)(c+1)): a did and reached the outcome, b did and did not, c did not and reached it, d neither',
      phi: '(ad − bc) / √((a+b)(c+d)(a+c)(b+d)); bands: ≥ 0.4 highly, ≥ 0.3 moderately, ≥ 0.2 slightly, else not',
      minSize: `groups under ${min} users show counts, not a rate`,
    },
    result: {
      split: { source: split.source, segment: split.segment, rule: split.rule, window },
      population: { users: users.length, incomplete: all.length - users.length },
      groups,
      difference,
      scan: { outcome, rank, ...scan },
    },
  };
}

export function splitRule(
  ctx: SignalsContext,
  raw: RawParams,
): { source: 'segment' | 'rule'; segment: string | null; rule: Rule } {
  const { definitions } = ctx;
  if (raw.rule !== undefined && raw.segment !== undefined)
    throw new AnalyticsInputError('rule', 'give a rule or a segment, not both');
  let rule: Rule;
  let segment: string | null = null;
  if (raw.rule !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(raw.rule);
    } catch {
      throw new AnalyticsInputError(
        'rule',
        'expected a rule as JSON, e.g. {"performed":["Report Created"]}',
      );
    }
    const parsed = ruleSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path.length ? `${issue.path.join('.')}: ` : '';
      throw new AnalyticsInputError('rule', `${path}${issue.message}`);
    }
    rule = parsed.data;
  } else {
    segment = raw.segment ?? DEFAULT_SPLIT_SEGMENT;
    const found = Object.hasOwn(definitions.segments, segment)
      ? definitions.segments[segment]
      : undefined;
    if (!found)
      throw new AnalyticsInputError(
        'segment',
        `no segment named ${JSON.stringify(segment)} in cairn.yaml${raw.segment === undefined ? ' (the default): give segment or rule' : ''}`,
      );
    rule = found.when;
  }
  checkEarlyRule(rule, definitions, raw.rule !== undefined ? 'rule' : 'segment');
  return {
    source: raw.rule !== undefined ? 'rule' : 'segment',
    segment,
    rule,
  };
}

/**
 * Whether a user is in the split's matched group: the rule read by `earlyRuleHolds` as of signup
 * + window, over the user's early actions (exact times), milestones, traits and answers, and the
 * traits of the user's accounts. The one test for `signal` and for the users behind its groups.
 */
export function inSplit(
  ctx: SignalsContext,
  rule: Rule,
  window: number,
  u: SignalUser,
  actions: ReadonlyMap<string, Map<string, number[]>>,
  accountTraits: ReadonlyMap<string, JsonObject>,
): boolean {
  return earlyRuleHolds(
    rule,
    {
      signupAt: u.signupAt,
      actions: actions.get(u.id) ?? NO_ACTIONS,
      milestones: u.milestones,
      activatedAt: u.activatedAt,
      traits: u.traits,
      answers: u.answers,
      accountTraits: u.accounts.map((a) => accountTraits.get(a) ?? {}),
    },
    u.signupAt + window,
    ctx.definitions,
  );
}

const NO_ACTIONS = new Map<string, number[]>();

export async function accountTraitsById(ctx: SignalsContext): Promise<Map<string, JsonObject>> {
  return new Map((await ctx.signals.signalAccounts()).map((a) => [a.id, a.traits]));
}
