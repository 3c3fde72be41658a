import type { AnalyticsAnswer } from '../analytics/analytics-context.js';
import { percent, rateText, table } from '../analytics/format-table.js';
import type { RateCell } from '../analytics/statistics.js';
import type { ScanRow } from './action-scan.js';
import type { AuditRow } from './audit.js';
import type { ChurnEntry } from './churn-risk.js';
import type { Difference } from './signal-statistics.js';
import type { SplitGroup } from './signal-split.js';

type Signal = {
  population: { users: number; incomplete: number };
  groups: SplitGroup[];
  difference: { retained: Difference; converted: Difference | null };
  scan: {
    outcome: string;
    users: number;
    outcomes: number;
    candidates: number;
    minSupport: number;
    skewed: boolean;
    positive: ScanRow[];
    negative: ScanRow[];
  };
};
type Audit = {
  units: number;
  top: { units: number };
  bottom: { units: number };
  attributes: number;
  rows: AuditRow[];
  segment: { name: string; row: string; yaml: string } | null;
};
type Churn = {
  total: number;
  criterion: string;
  entries: (Omit<ChurnEntry, 'lastSeen'> & { lastSeen: string | null })[];
};

const num = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
const diffText = (d: Difference | null) =>
  !d || d.estimate === null
    ? '—'
    : `${(d.estimate * 100).toFixed(1)} pts (${(d.low! * 100).toFixed(1)} to ${(d.high! * 100).toFixed(1)})`;
const pValue = (p: number) => (p < 0.0001 ? p.toExponential(1) : p.toFixed(4));

/** A signal's answer as text tables, for `cairn stats`: the numbers, then the definitions. */
export function formatSignal(answer: AnalyticsAnswer<unknown>): string {
  const head = `${answer.metric}${answer.range ? ` — ${answer.range.from.slice(0, 10)} … ${answer.range.to.slice(0, 10)}` : ''} (as of ${answer.asOf})`;
  const body =
    answer.metric === 'signal'
      ? signalBody(answer.result as Signal)
      : answer.metric === 'audit'
        ? auditBody(answer.result as Audit)
        : churnBody(answer.result as Churn);
  const notes = Object.entries(answer.definitions)
    .map(([k, v]) => `  ${k}: ${String(v)}`)
    .join('\n');
  return `${head}\n\n${body}\n\nDefinitions:\n${notes}\n`;
}

function signalBody(r: Signal): string {
  const cells = (c: RateCell | null) => (c ? rateText(c) : ['—', '—']);
  const split = table(
    ['group', 'users', 'retained', '95 %', 'converted', '95 %'],
    r.groups.map((g) => [g.key, String(g.users), ...cells(g.retained), ...cells(g.converted)]),
  );
  const scanRows = (rows: ScanRow[]) =>
    table(
      ['event', 'k', 'h', 'did', 'rate did', 'rate not', 'odds ratio', 'phi', 'band'],
      rows.map((s) => [
        s.event,
        String(s.atLeast),
        String(s.withinHours),
        `${s.did.outcome}/${s.did.users}`,
        percent(s.rateDid),
        percent(s.rateDidNot),
        num(s.oddsRatio),
        num(s.phi, 3),
        s.band,
      ]),
    );
  return [
    `${r.population.users} users (${r.population.incomplete} more whose day N is not over)`,
    split,
    `difference, matched − not matched: retained ${diffText(r.difference.retained)}; converted ${diffText(r.difference.converted)}`,
    `\nScan (${r.scan.outcome}: ${r.scan.outcomes} of ${r.scan.users}; ${r.scan.candidates} candidates, min support ${r.scan.minSupport}${r.scan.skewed ? ', skewed' : ''})`,
    'Most positive:',
    scanRows(r.scan.positive),
    'Most negative:',
    scanRows(r.scan.negative),
  ].join('\n');
}

function auditBody(r: Audit): string {
  const rows = table(
    ['attribute', 'top', 'bottom', 'difference', 'odds ratio', 'p', 'q (BH)'],
    r.rows.map((x) => [
      x.key,
      `${percent(x.top.share)} (${x.top.count})`,
      `${percent(x.bottom.share)} (${x.bottom.count})`,
      `${(x.difference * 100).toFixed(1)} pts`,
      num(x.oddsRatio),
      pValue(x.pValue),
      pValue(x.qValue),
    ]),
  );
  const out = [
    `${r.units} units; top ${r.top.units}, bottom ${r.bottom.units}; ${r.attributes} attribute values tested`,
    rows,
  ];
  if (r.segment)
    out.push(
      `\nSegment ${r.segment.name} (row ${r.segment.row}), to add to cairn.yaml:\n\n${r.segment.yaml}`,
    );
  return out.join('\n');
}

function churnBody(r: Churn): string {
  return [
    `${r.total} at risk: ${r.criterion}`,
    table(
      ['id', 'value', 'active days (prev → last)', 'score (prev → last)', 'last seen'],
      r.entries.map((e) => [
        e.id,
        e.value === null ? '—' : String(e.value),
        `${e.activeDays.previous} → ${e.activeDays.last}`,
        e.score ? `${num(e.score.previous, 0)} → ${num(e.score.last, 0)}` : '—',
        e.lastSeen?.slice(0, 16) ?? '—',
      ]),
    ),
  ].join('\n');
}
