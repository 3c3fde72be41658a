/** One user or account with its activity in the two windows (the facts churn risk reads). */
export interface ChurnUnit {
  id: string;
  kind: 'user' | 'account';
  activeDays: { previous: number; last: number };
  score: { previous: number; last: number } | null;
  lastSeen: number | null;
  value: number | null;
  valueTrait: string | null;
  members: number | null;
  accountId: string | null;
  stage: string | null;
}

export interface ChurnOptions {
  drop: number;
  minActive: number;
  signal: 'active_days' | 'score' | 'either';
  /** Listing a declared segment's members: every unit given is an entry, no fall test. */
  declared: boolean;
  limit: number;
  windowDays: number;
}

export interface ChurnEntry extends ChurnUnit {
  change: { activeDays: number | null; score: number | null };
  facts: string[];
}

const change = (previous: number, last: number) =>
  previous === 0 ? null : (last - previous) / previous;
const pct = (x: number) => `${x < 0 ? '−' : '+'}${Math.round(Math.abs(x) * 100)} %`;

/** Whether the unit's behavior fell: last ≤ (1 − drop) × previous, with enough activity before. */
export function fell(u: ChurnUnit, o: ChurnOptions): boolean {
  if (u.activeDays.previous < o.minActive) return false;
  const days = u.activeDays.last <= u.activeDays.previous * (1 - o.drop);
  const score =
    u.score !== null && u.score.previous > 0 && u.score.last <= u.score.previous * (1 - o.drop);
  return o.signal === 'active_days' ? days : o.signal === 'score' ? score : days || score;
}

/**
 * The units at risk (fallen, or every unit of a declared segment), each with its facts, sorted
 * by value (highest first; none last), then by the steeper fall in active days, then by id.
 */
export function churnRisk(
  units: readonly ChurnUnit[],
  o: ChurnOptions,
): { total: number; entries: ChurnEntry[] } {
  const at = units.filter((u) => o.declared || fell(u, o));
  const entries = at.map((u): ChurnEntry => {
    const days = change(u.activeDays.previous, u.activeDays.last);
    const score = u.score ? change(u.score.previous, u.score.last) : null;
    const facts = [
      `active ${u.activeDays.last} day${u.activeDays.last === 1 ? '' : 's'} in the last ${o.windowDays}, ${u.activeDays.previous} in the ${o.windowDays} before${days === null ? '' : ` (${pct(days)})`}`,
    ];
    if (u.score)
      facts.push(
        `score ${round(u.score.last)} vs ${round(u.score.previous)}${score === null ? '' : ` (${pct(score)})`}`,
      );
    if (u.lastSeen !== null) facts.push(`last seen ${new Date(u.lastSeen).toISOString()}`);
    if (u.value !== null) facts.push(`${u.valueTrait} ${u.value}`);
    return { ...u, change: { activeDays: days, score }, facts };
  });
  entries.sort(
    (a, b) =>
      (b.value ?? -Infinity) - (a.value ?? -Infinity) ||
      (a.change.activeDays ?? 0) - (b.change.activeDays ?? 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { total: entries.length, entries: entries.slice(0, o.limit) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
