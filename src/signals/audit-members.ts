import type { RawParams } from '../analytics/params.js';
import { auditCut, type AuditUnit } from './audit.js';
import { auditParams, auditUnits } from './run-audit.js';
import type { SignalsContext } from './signals-context.js';

export type AuditSide = 'top' | 'bottom';

/** Who is in each group, and which of them hold each attribute (indices into the group). */
export interface AuditMembers {
  top: string[];
  bottom: string[];
  holders: Record<string, Record<AuditSide, number[]>>;
}

/**
 * The units of the audit's top and bottom groups (ids, ascending: users, or accounts with
 * `unit=accounts`) and, for each attribute, those of them holding it: the units behind every
 * row's two counts. The units are the audit's own (`auditUnits`, run-audit.ts) and the groups
 * its own cut (`auditCut`, audit.ts).
 */
export async function auditMembers(ctx: SignalsContext, raw: RawParams): Promise<AuditMembers> {
  const params = auditParams(ctx, raw);
  const { units } = await auditUnits(ctx, params);
  return auditMembersOf(units, params.share);
}

/** The members of the groups `auditCut` makes of these units (what the audit counts). */
export function auditMembersOf(units: readonly AuditUnit[], share: number): AuditMembers {
  const cut = auditCut(units, share);
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const groups = { top: cut.top.sort(byId), bottom: cut.bottom.sort(byId) };
  const holders: AuditMembers['holders'] = Object.create(null);
  for (const side of ['top', 'bottom'] as const) {
    groups[side].forEach((unit, i) => {
      for (const key of unit.attributes) (holders[key] ??= { top: [], bottom: [] })[side].push(i);
    });
  }
  return { top: groups.top.map((u) => u.id), bottom: groups.bottom.map((u) => u.id), holders };
}
