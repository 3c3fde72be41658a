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

/** Who is in each group, and which of them hold each attribute (indices into the group). */
export interface AuditMembers {
  top: string[];
  bottom: string[];
  holders: Record<string, Record<AuditSide, number[]>>;
}

/**
 * The users of the audit's top and bottom groups (profile ids, ascending) and, for each
 * attribute, those of them holding it: the users behind every row's two counts. The units are
 * built as `audit` (run-audit.ts, unit users) builds them (population, score by outcome,
 * attributes by `auditAttributes`) and the groups are `auditRows`' own (`auditGroups`).
 */
export async function auditMembers(ctx: SignalsContext, raw: RawParams): Promise<AuditMembers> {
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
  const { sets } = auditAttributes(raws, behaviorDays * DAY_MS, true);
  const units = ids.map((id, i) => ({ id, score: scores[i]!, attributes: sets[i]! }));
  const groups = auditGroups(units, share);
  const holders: AuditMembers['holders'] = Object.create(null);
  for (const side of ['top', 'bottom'] as const) {
    groups[side].forEach((unit, i) => {
      for (const key of unit.attributes) (holders[key] ??= { top: [], bottom: [] })[side].push(i);
    });
  }
  return { top: groups.top.map((u) => u.id), bottom: groups.bottom.map((u) => u.id), holders };
}

/**
 * The units `auditRows` puts in its top and its bottom group (ids ascending), found by
 * `auditRows` itself so that no second ranking can disagree with the audit's: each unit is given
 * one attribute of its own (its id) and nothing else; the ranking and the cut do not read
 * attributes, so the groups are the audit's, and a unit's own row counts 1 in the group it fell
 * in.
 */
export function auditGroups(
  units: readonly AuditUnit[],
  share: number,
): Record<AuditSide, AuditUnit[]> {
  const info = new Map<string, AttributeInfo>();
  const byId = new Map<string, AuditUnit>();
  const probes = units.map((u): AuditUnit => {
    byId.set(u.id, u);
    info.set(u.id, {
      key: u.id,
      kind: 'trait',
      attribute: 'id',
      value: u.id,
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
  return {
    top: top.sort().map((id) => byId.get(id)!),
    bottom: bottom.sort().map((id) => byId.get(id)!),
  };
}
