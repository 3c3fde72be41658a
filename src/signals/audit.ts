import type { AttributeInfo } from './audit-attributes.js';
import { benjaminiHochberg, fisherExact, smoothedOddsRatio } from './signal-statistics.js';

export interface AuditUnit {
  id: string;
  score: number;
  attributes: ReadonlySet<string>;
}

export interface AuditRow {
  key: string;
  kind: AttributeInfo['kind'];
  attribute: string;
  value: string | number | boolean;
  top: { count: number; share: number };
  bottom: { count: number; share: number };
  difference: number;
  oddsRatio: number;
  pValue: number;
  qValue: number;
  rule: Record<string, unknown> | null;
  note: string | null;
}

export interface AuditResult {
  top: { units: number; lowestScore: number | null };
  bottom: { units: number; highestScore: number | null };
  attributes: number;
  rows: AuditRow[];
}

/** FNV-1a of the id: a fixed, unbiased order among units of equal score. */
export function tieOrder(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The audit's two groups: units ranked by score (highest first; equal scores in a fixed
 * pseudo-random order of their ids, so that a tie at the cut favours no attribute), the top and
 * the bottom `share` of them (the same number in each), in rank order.
 */
export function auditCut(
  units: readonly AuditUnit[],
  share: number,
): { top: AuditUnit[]; bottom: AuditUnit[] } {
  const ranked = [...units].sort(
    (a, b) => b.score - a.score || tieOrder(a.id) - tieOrder(b.id) || (a.id < b.id ? -1 : 1),
  );
  const size = Math.floor(ranked.length * share);
  return { top: ranked.slice(0, size), bottom: size > 0 ? ranked.slice(ranked.length - size) : [] };
}

/**
 * Ranks units by score (highest first; equal scores in a fixed pseudo-random order of their ids,
 * so that a tie at the cut favours no attribute), takes the top and bottom `share`, and compares
 * the two groups on every attribute held by at least `minCount` of their units: shares,
 * difference, odds ratio (+1 in each cell), Fisher's exact p and the Benjamini–Hochberg q over
 * every row tested. Sorted by the size of the difference.
 */
export function auditRows(
  units: readonly AuditUnit[],
  info: ReadonlyMap<string, AttributeInfo>,
  options: { share: number; minCount: number; limit: number },
): AuditResult {
  const { top, bottom } = auditCut(units, options.share);
  const size = top.length;
  const count = (list: readonly AuditUnit[]) => {
    const n = new Map<string, number>();
    for (const u of list) for (const key of u.attributes) n.set(key, (n.get(key) ?? 0) + 1);
    return n;
  };
  const inTop = count(top);
  const inBottom = count(bottom);
  const keys = [...new Set([...inTop.keys(), ...inBottom.keys()])].filter(
    (k) =>
      size > 0 && (inTop.get(k) ?? 0) + (inBottom.get(k) ?? 0) >= options.minCount && info.has(k),
  );
  const rows = keys.map((key) => {
    const a = inTop.get(key) ?? 0;
    const c = inBottom.get(key) ?? 0;
    const table = { a, b: top.length - a, c, d: bottom.length - c };
    const i = info.get(key)!;
    return {
      key,
      kind: i.kind,
      attribute: i.attribute,
      value: i.value,
      top: { count: a, share: a / top.length },
      bottom: { count: c, share: c / bottom.length },
      difference: a / top.length - c / bottom.length,
      oddsRatio: smoothedOddsRatio(table),
      pValue: fisherExact(table),
      qValue: 1,
      rule: i.rule,
      note: i.note,
    };
  });
  const q = benjaminiHochberg(rows.map((r) => r.pValue));
  rows.forEach((r, i) => (r.qValue = q[i]!));
  rows.sort(
    (x, y) =>
      Math.abs(y.difference) - Math.abs(x.difference) ||
      x.pValue - y.pValue ||
      (x.key < y.key ? -1 : 1),
  );
  return {
    top: { units: top.length, lowestScore: top.at(-1)?.score ?? null },
    bottom: { units: bottom.length, highestScore: bottom[0]?.score ?? null },
    attributes: rows.length,
    rows: rows.slice(0, options.limit),
  };
}
