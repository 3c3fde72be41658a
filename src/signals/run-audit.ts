import { stringify } from 'yaml';
import { activityDefinition, describeActivity } from '../analytics/activity-definition.js';
import { AnalyticsInputError } from '../analytics/analytics-input-error.js';
import {
  iso,
  signupDefinition,
  signupEventOf,
  type AnalyticsAnswer,
} from '../analytics/analytics-context.js';
import { integer, list, oneOf, timeRange, type RawParams } from '../analytics/params.js';
import { DAY_MS } from '../analytics/periods.js';
import type { JsonObject } from '../core/types.js';
import { nameSchema } from '../definitions/primitives.js';
import { ruleSchema } from '../definitions/rule.js';
import { auditAttributes, type AttributeInfo, type RawAttributes } from './audit-attributes.js';
import { auditRows, type AuditRow, type AuditUnit } from './audit.js';
import { loadUsers, type SignalUser } from './load-users.js';
import {
  activeDaysInFirst,
  convertedBy,
  dayOver,
  populationSignups,
  retainedAt,
  summarizeDays,
} from './outcomes.js';
import { checkKnownSignal, fraction } from './signal-params.js';
import type { SignalsContext } from './signals-context.js';

type Outcome = 'retained' | 'converted_retained' | 'active_days';

/** What decides the audit's units, scores and attributes (not its rows' display). */
export interface AuditParams {
  outcome: Outcome;
  days: number;
  unit: 'users' | 'accounts';
  share: number;
  behaviorDays: number;
  range: { from: number; to: number };
  activity: ReturnType<typeof activityDefinition>;
}

/** The parameters that decide the audit's groups, read and checked (each error names its field). */
export function auditParams(ctx: SignalsContext, raw: RawParams): AuditParams {
  const { definitions } = ctx;
  const outcome = oneOf<Outcome>(
    raw,
    'outcome',
    ['retained', 'converted_retained', 'active_days'],
    'retained',
  );
  if (outcome === 'converted_retained' && !definitions.conversion)
    throw new AnalyticsInputError('outcome', 'cairn.yaml declares no conversion');
  return {
    outcome,
    days: integer(raw, 'days', 30, 1, 365),
    unit: oneOf(raw, 'unit', ['users', 'accounts'], 'users'),
    share: fraction(raw, 'share', 0.2, 0.05, 0.5),
    behaviorDays: integer(raw, 'behavior_days', 7, 1, 14),
    range: timeRange(raw, ctx.now, 365),
    activity: activityDefinition(list(raw, 'activity'), signupEventOf(definitions)),
  };
}

/**
 * The audit's units — users, or accounts — each with its score by the outcome and the set of
 * attribute keys it holds, the attributes' descriptions, and how many were left out because
 * their day N is not over. One source for the audit and for the users behind its counts.
 */
export async function auditUnits(
  ctx: SignalsContext,
  params: AuditParams,
): Promise<{ units: AuditUnit[]; info: Map<string, AttributeInfo>; incomplete: number }> {
  const { definitions } = ctx;
  const { outcome, days, unit, behaviorDays, range, activity } = params;
  const behaviorWindow = behaviorDays * DAY_MS;
  const [all, actions, accounts] = await Promise.all([
    loadUsers(ctx, range, activity, days, unit === 'accounts', {
      firstDays: outcome === 'active_days',
      // Retained is "on day N or later": the last active day alone.
      onDay: false,
    }),
    // An account's behaviors are every member's, day N over or not.
    ctx.signals.earlyNames(
      behaviorDays * 24,
      unit === 'users' ? populationSignups(range, days, ctx.now) : range,
    ),
    ctx.signals.signalAccounts(),
  ]);
  const accountTraits = new Map(accounts.map((a) => [a.id, a.traits]));
  const scoreOf = (u: Pick<SignalUser, 'cohortDay' | 'activity' | 'signupAt' | 'convertedAt'>) =>
    outcome === 'retained'
      ? Number(retainedAt(u, days, 'on_or_after'))
      : outcome === 'converted_retained'
        ? Number(retainedAt(u, days, 'on_or_after') && convertedBy(u, days))
        : activeDaysInFirst(u);
  const signupEvent = signupEventOf(definitions);
  // The names done by signup + behaviorDays × 24 hours (the read's horizon).
  const behaviorsOf = (u: SignalUser) =>
    (actions.get(u.id) ?? []).filter((name) => name !== signupEvent);
  const ids: string[] = [];
  const scores: number[] = [];
  const raws: RawAttributes[] = [];
  let incomplete = 0;
  if (unit === 'users') {
    for (const u of all) {
      if (!dayOver(u, days, ctx.now)) {
        incomplete++;
        continue;
      }
      ids.push(u.id);
      scores.push(scoreOf(u));
      raws.push({
        traits: u.traits,
        answers: u.answers,
        firstTouch: u.firstTouch,
        accountTraits: u.accounts.length ? (accountTraits.get(u.accounts[0]!) ?? null) : null,
        behaviors: behaviorsOf(u),
      });
    }
  } else {
    // An account: its first member's signup is its day 0; active when any member is; converted
    // when any member converted; its behaviors are what any member did in their first days.
    const members = new Map<string, SignalUser[]>();
    for (const u of all) for (const a of u.accounts) members.set(a, [...(members.get(a) ?? []), u]);
    for (const [id, list] of [...members].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      const first = list.reduce((x, y) => (y.signupAt < x.signupAt ? y : x));
      const dayUnion = new Set(list.flatMap((m) => m.days));
      const converted = list.map((m) => m.convertedAt).filter((t): t is number => t !== null);
      const account = {
        cohortDay: first.cohortDay,
        signupAt: first.signupAt,
        activity: summarizeDays(dayUnion, first.cohortDay, days),
        convertedAt: converted.length ? Math.min(...converted) : null,
      };
      if (!dayOver(account, days, ctx.now)) {
        incomplete++;
        continue;
      }
      ids.push(id);
      scores.push(scoreOf(account));
      raws.push({
        traits: {},
        answers: Object.create(null) as Record<string, string>,
        firstTouch: null,
        accountTraits: accountTraits.get(id) ?? ({} as JsonObject),
        behaviors: new Set(list.flatMap(behaviorsOf)),
      });
    }
  }
  const { sets, info } = auditAttributes(raws, behaviorWindow, unit === 'users');
  const units: AuditUnit[] = ids.map((id, i) => ({ id, score: scores[i]!, attributes: sets[i]! }));
  return { units, info, incomplete };
}

/**
 * `audit`: the top and bottom share of users or accounts by an outcome, attribute by attribute.
 * `onUnits` receives the units it ranked (the units behind its counts: audit-members.ts).
 */
export async function runAudit(
  ctx: SignalsContext,
  raw: RawParams,
  onUnits?: (units: readonly AuditUnit[], share: number) => void,
): Promise<AnalyticsAnswer<unknown>> {
  checkKnownSignal('audit', raw);
  const { definitions } = ctx;
  const params = auditParams(ctx, raw);
  const { outcome, days, unit, share, behaviorDays, range, activity } = params;
  const minCount = integer(raw, 'min_count', 5, 1, 1_000_000);
  const limit = integer(raw, 'limit', 50, 1, 500);
  const segmentName = raw.as_segment;
  if (segmentName !== undefined && !nameSchema.safeParse(segmentName).success)
    throw new AnalyticsInputError(
      'as_segment',
      'expected a name: letters, digits and underscores, starting with a letter',
    );
  if (raw.row !== undefined && segmentName === undefined)
    throw new AnalyticsInputError('row', 'only with as_segment');

  const { units, info, incomplete } = await auditUnits(ctx, params);
  const result = auditRows(units, info, { share, minCount, limit: 100_000 });
  onUnits?.(units, share);
  const segment =
    segmentName === undefined
      ? null
      : asSegment(segmentName, raw.row, result.rows, outcome, days, share);
  const outcomeText =
    outcome === 'retained'
      ? `retained at day ${days} (active on day ${days} after the signup day or later, UTC): 1, else 0`
      : outcome === 'converted_retained'
        ? `converted by day ${days} and retained at day ${days}: 1, else 0`
        : `distinct active days among the first ${days} days (the signup day is day 0)`;
  return {
    metric: 'audit',
    asOf: iso(ctx.now),
    range: { from: iso(range.from), to: iso(range.to) },
    filters: {
      outcome,
      days,
      unit,
      share,
      activity: activity.kind,
      behavior_days: behaviorDays,
      min_count: minCount,
      limit,
      as_segment: segmentName ?? null,
      row: raw.row ?? null,
    },
    definitions: {
      population: `${signupDefinition(definitions)}, signed up in the range, whose day ${days} (UTC) is over${unit === 'accounts' ? '; an account counts from its first member’s signup, active when any member is' : ''}`,
      score: outcomeText,
      activity: describeActivity(activity),
      groups: `the top and bottom ${Math.round(share * 100)} % by score; equal scores in a fixed pseudo-random order of ids (FNV-1a), so a tie at the cut favours no attribute`,
      attributes:
        unit === 'users'
          ? `traits and the first account's traits (numbers with more than 12 values: ≥ their median; text with more than 50 values left out), qualifier answers, first touch (source, campaign, medium, referrer), and each event done within ${behaviorDays} days of signup`
          : `account traits, and each event any member did within ${behaviorDays} days of their signup`,
      rows: `attribute values held by at least ${minCount} units of the two groups; share = units holding it ÷ group size; difference = top − bottom`,
      oddsRatio: '((a+1)(d+1)) / ((b+1)(c+1)), a/b: top with/without, c/d: bottom with/without',
      test: 'Fisher exact, two-sided; qValue: Benjamini–Hochberg over every row tested',
      rule: 'the row as a rule of cairn.yaml (durations as written there); null when the language cannot say it',
    },
    result: {
      unit,
      outcome,
      units: units.length,
      incomplete,
      top: result.top,
      bottom: result.bottom,
      test: 'Fisher exact, two-sided; q: Benjamini–Hochberg over every row',
      attributes: result.attributes,
      rows: result.rows.slice(0, limit),
      segment,
    },
  };
}

function asSegment(
  name: string,
  rowKey: string | undefined,
  rows: readonly AuditRow[],
  outcome: Outcome,
  days: number,
  share: number,
) {
  const row =
    rowKey === undefined ? rows.find((r) => r.rule !== null) : rows.find((r) => r.key === rowKey);
  if (!row) {
    throw new AnalyticsInputError(
      'row',
      rowKey === undefined
        ? 'no row can be written as a rule'
        : `no row with key ${JSON.stringify(rowKey)} in this audit`,
    );
  }
  if (!row.rule)
    throw new AnalyticsInputError('row', `${row.key}: ${row.note ?? 'not expressible as a rule'}`);
  // The rule must load as cairn.yaml would load it.
  if (!ruleSchema.safeParse(JSON.parse(JSON.stringify(row.rule)) as unknown).success)
    throw new Error(`audit rule for ${row.key} does not validate`);
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const description = `From the audit (${outcome}, day ${days}): ${row.key} — ${pct(row.top.share)} of the top ${pct(share)} vs ${pct(row.bottom.share)} of the bottom`;
  const yaml = stringify(
    { segments: { [name]: { description, when: row.rule } } },
    { lineWidth: 0 },
  );
  return { name, row: row.key, rule: row.rule, yaml };
}
