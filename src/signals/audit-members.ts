import { activityDefinition } from '../analytics/activity-definition.js';
import { AnalyticsInputError } from '../analytics/analytics-input-error.js';
import { signupEventOf } from '../analytics/analytics-context.js';
import { integer, list, oneOf, timeRange, type RawParams } from '../analytics/params.js';
import { DAY_MS } from '../analytics/periods.js';
import { auditAttributes, type AttributeInfo, type RawAttributes } from './audit-attributes.js';
import { auditRows, type AuditUnit } from './audit.js';
import { loadUsers, type SignalUser } from './load-users.js';
import { activeDaysInFirst, convertedBy, dayOver, retainedAt } from './outcomes.js';
import { fraction } from './signal-params.js';
import type { SignalsContext } from './signals-context.js';

/** The parameters of `audit` that decide its groups and attributes (users only). */
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

export type AuditSide = 'top' | 'bottom';

/**
 * The users (profile ids, ascending) behind an audit row's count in the top or the bottom group:
 * the units of `audit` (run-audit.ts, unit users) holding the row's attribute that the audit
 * ranks into that group. The units are built as `audit` builds them (population, score by
 * outcome, attributes by `auditAttributes`) and the groups are `auditRows`' own (auditGroups).
 */
export async function auditRowMembers(
  ctx: SignalsContext,
  raw: RawParams,
  rowKey: string,
  side: AuditSide,
): Promise<string[]> {
  const { definitions } = ctx;
  const outcome = oneOf(
    raw,
    'outcome',
    ['retained', 'converted_retained', 'active_days'] as const,
    'retained',
  );
  if (outcome === 'converted_retained' && !definitions.conversion)
    throw new AnalyticsInputError('outcome', 'cairn.yaml declares no conversion');
  const days = integer(raw, 'days', 30, 1, 365);
  const unit = oneOf(raw, 'unit', ['users', 'accounts'] as const, 'users');
  if (unit !== 'users')
    throw new AnalyticsInputError('unit', 'users only: an account audit counts accounts');
  const share = fraction(raw, 'share', 0.2, 0.05, 0.5);
  const behaviorDays = integer(raw, 'behavior_days', 7, 1, 14);
  const range = timeRange(raw, ctx.now, 365);
  const activity = activityDefinition(list(raw, 'activity'), signupEventOf(definitions));
  const signupEvent = signupEventOf(definitions);

  const [all, actions, accounts] = await Promise.all([
    loadUsers(ctx, range, activity, days),
    ctx.signals.earlyHours(behaviorDays * 24),
    ctx.signals.signalAccounts(),
  ]);
  const accountTraits = new Map(accounts.map((a) => [a.id, a.traits]));
  const scoreOf = (u: SignalUser) =>
    outcome === 'retained'
      ? Number(retainedAt(u, days, 'on_or_after'))
      : outcome === 'converted_retained'
        ? Number(retainedAt(u, days, 'on_or_after') && convertedBy(u, days))
        : activeDaysInFirst(u);
  const ids: string[] = [];
  const scores: number[] = [];
  const raws: RawAttributes[] = [];
  for (const u of all) {
    if (!dayOver(u, days, ctx.now)) continue;
    const behaviors: string[] = [];
    for (const [name, hours] of actions.get(u.id) ?? [])
      if (name !== signupEvent && hours.length > 0) behaviors.push(name);
    ids.push(u.id);
    scores.push(scoreOf(u));
    raws.push({
      traits: u.traits,
      answers: u.answers,
      firstTouch: u.firstTouch,
      accountTraits: u.accounts.length ? (accountTraits.get(u.accounts[0]!) ?? null) : null,
      behaviors,
    });
  }
  const { sets, info } = auditAttributes(raws, behaviorDays * DAY_MS, true);
  if (!info.has(rowKey))
    throw new AnalyticsInputError(
      'row',
      `no attribute ${JSON.stringify(rowKey)} among this audit's units`,
    );
  const units = ids.map((id, i) => ({ id, score: scores[i]!, attributes: sets[i]! }));
  return auditGroups(units, rowKey, share)[side];
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The units holding `key` that `auditRows` puts in its top and its bottom group, found by
 * `auditRows` itself so that no second ranking can disagree with the audit's: each holder is
 * given one attribute of its own (its id) and nothing else, every other unit none; the ranking and
 * the cut do not read attributes, so the groups are the audit's, and a holder's own row counts 1
 * in the group it fell in. Ids ascending.
 */
export function auditGroups(
  units: readonly AuditUnit[],
  key: string,
  share: number,
): Record<AuditSide, string[]> {
  const info = new Map<string, AttributeInfo>();
  const probes = units.map((u): AuditUnit => {
    if (!u.attributes.has(key)) return { id: u.id, score: u.score, attributes: NONE };
    info.set(u.id, {
      key: u.id,
      kind: 'trait',
      attribute: key,
      value: true,
      rule: null,
      note: null,
    });
    return { id: u.id, score: u.score, attributes: new Set([u.id]) };
  });
  const { rows } = auditRows(probes, info, { share, minCount: 1, limit: probes.length });
  const top: string[] = [];
  const bottom: string[] = [];
  for (const row of rows) {
    if (row.top.count > 0) top.push(row.key);
    if (row.bottom.count > 0) bottom.push(row.key);
  }
  return { top: top.sort(), bottom: bottom.sort() };
}
