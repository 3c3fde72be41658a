import { table } from '../format-table.js';
import type { Lift } from './lift-reading.js';
import type { runLift } from './run-lift.js';

type LiftAnswer = Awaited<ReturnType<typeof runLift>>;

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const points = (x: number | null) =>
  x === null ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
const range = (low: number | null, high: number | null) =>
  low === null || high === null ? '—' : `${points(low)} … ${points(high)}`;
const pText = (p: number | null) => (p === null ? '—' : p < 0.0001 ? '< 0.0001' : p.toFixed(4));

function row(label: string, persona: string, lift: Lift): string[] {
  const group = (g: Lift['treated']) => `${g.converted}/${g.users} ${pct(g.rate)}`;
  return [
    label,
    persona,
    group(lift.treated),
    group(lift.heldOut),
    points(lift.absolute),
    range(lift.low, lift.high),
    lift.relative === null ? '—' : `${points(lift.relative)} %`,
    pText(lift.pValue),
    pText(lift.adjustedPValue),
    `${lift.pending.treated + lift.pending.heldOut}`,
    lift.srm.pValue === null ? '—' : lift.srm.mismatch ? 'MISMATCH' : 'ok',
    lift.verdict,
  ];
}

/** `cairn stats lift` as a table, with the notes under it. */
export function formatLift(answer: LiftAnswer): string {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const item of answer.result.items) {
    rows.push(row(item.journey, 'all', item.lift));
    if (item.lift.note) notes.push(`${item.journey}: ${item.lift.note}`);
    for (const cell of item.personas ?? []) {
      rows.push(row(item.journey, cell.persona, cell.lift));
      if (cell.lift.note) notes.push(`${item.journey} × ${cell.persona}: ${cell.lift.note}`);
    }
  }
  const headers = [
    'journey',
    'persona',
    'treated',
    'held out',
    'lift (pts)',
    '95 % interval',
    'relative',
    'p',
    'p (BH)',
    'pending',
    'split',
    'verdict',
  ];
  const { comparisons, alpha } = answer.result;
  return [
    `lift as of ${answer.asOf}, runs entered ${answer.range.from} … ${answer.range.to}`,
    '',
    table(headers, rows),
    '',
    `Users counted once, read when their goal window has closed (pending: still inside it).`,
    `Interval: Newcombe hybrid score; p: pooled two-proportion z-test; p (BH): Benjamini–Hochberg over ${comparisons} comparison${comparisons === 1 ? '' : 's'}, verdict at ${alpha}.`,
    `split: sample-ratio check of the held-out share (χ², mismatch at p < 0.001).`,
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
  ].join('\n');
}
