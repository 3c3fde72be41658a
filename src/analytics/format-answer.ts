import type { ActivationGroup } from './activation.js';
import type { AdoptionGroup } from './adoption.js';
import type { AnalyticsAnswer } from './analytics-context.js';
import type { ConversionGroup } from './conversion.js';
import { durations, percent, rateText, table } from './format-table.js';
import type { FunnelStep } from './funnel.js';
import type { LifecyclePeriod } from './lifecycle-over-time.js';
import type { MessageGroup } from './message-metrics.js';
import type { RetentionTable } from './retention.js';

/* The answers' results, as the runners build them. */
type Activation = { overall: ActivationGroup; groups: ActivationGroup[]; funnel: FunnelStep[] };
type Conversion = { overall: ConversionGroup; groups: ConversionGroup[] };
type Retention = {
  overall: RetentionTable;
  groups: RetentionTable[];
  cell: { cohort: string; n: number; group: string; units: string[] } | null;
};
type Adoption = { overall: AdoptionGroup; groups: AdoptionGroup[] };
type Lifecycle = { lifecycle: LifecyclePeriod[] | null; engagement: LifecyclePeriod[] | null };
type Messages = { groups: MessageGroup[] };

/** An answer as text tables, for `cairn stats`: the numbers, then the definitions used. */
export function formatAnswer(answer: AnalyticsAnswer<unknown>): string {
  const head = `${answer.metric}${answer.range ? ` — ${answer.range.from.slice(0, 10)} … ${answer.range.to.slice(0, 10)}` : ''} (as of ${answer.asOf}) ${Object.entries(
    answer.filters,
  )
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ')}`;
  const body = BODY[answer.metric as keyof typeof BODY](answer.result);
  const notes = Object.entries(answer.definitions)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `  ${k}: ${String(v)}`)
    .join('\n');
  return `${head}\n\n${body}\n\nDefinitions:\n${notes}\n`;
}

const BODY = {
  activation: (r: unknown) => {
    const { overall, groups, funnel } = r as Activation;
    const rows = [...groups, ...(groups.length ? [] : [overall])].map((g) => [
      g.key,
      String(g.users),
      String(g.pending),
      `${g.activated.count}/${g.activated.total}`,
      ...rateText(g.activated),
      ...durations(g.timeToValue),
    ]);
    if (groups.length)
      rows.push([
        'all',
        String(overall.users),
        String(overall.pending),
        `${overall.activated.count}/${overall.activated.total}`,
        ...rateText(overall.activated),
        ...durations(overall.timeToValue),
      ]);
    const main = table(
      ['group', 'users', 'pending', 'activated', 'rate', '95 % CI', 'TTV median', 'p75', 'p90'],
      rows,
    );
    const steps = table(
      ['funnel step', 'users', 'from previous', 'from start', 'median from previous'],
      funnel.map((s) => [
        s.milestone,
        String(s.users),
        rateText(s.fromPrevious)[0],
        rateText(s.fromStart)[0],
        durations({ n: 0, median: s.medianFromPreviousMs, p75: null, p90: null })[0],
      ]),
    );
    return `${main}\n\n${steps}`;
  },
  conversion: (r: unknown) => {
    const { overall, groups } = r as Conversion;
    return table(
      ['group', 'users', 'converted', 'rate', '95 % CI', 'time median', 'p75', 'p90'],
      [...groups, overall].map((g) => [
        g.key,
        String(g.users),
        String(g.converted.count),
        ...rateText(g.converted),
        ...durations(g.timeToConvert),
      ]),
    );
  },
  retention: (r: unknown) => {
    const { overall, groups, cell } = r as Retention;
    const parts = [overall, ...groups].map((t) => retentionText(t));
    if (cell)
      parts.push(
        `Cell ${cell.cohort} +${cell.n} (${cell.group}): ${cell.units.length} units\n${cell.units.join('\n')}`,
      );
    return parts.join('\n\n');
  },
  adoption: (r: unknown) => {
    const { overall, groups } = r as Adoption;
    return [overall, ...groups]
      .map(
        (g) =>
          `${g.key}: ${g.active} active (previous period ${g.previousActive})\n` +
          table(
            ['item', 'users', 'share', '95 % CI', 'previous', 'change'],
            g.items.map((i) => [
              i.item,
              String(i.current.count),
              ...rateText(i.current),
              rateText(i.previous)[0],
              i.change === null
                ? '—'
                : `${i.change >= 0 ? '+' : ''}${(i.change * 100).toFixed(1)} pts`,
            ]),
          ),
      )
      .join('\n\n');
  },
  lifecycle: (r: unknown) => {
    const out: string[] = [];
    for (const [kind, periods] of Object.entries(r as Lifecycle)) {
      if (!periods) continue;
      const stages = [...new Set(periods.flatMap((p) => Object.keys(p.stages)))].sort();
      out.push(
        `${kind}\n` +
          table(
            ['period', ...stages, 'moves'],
            periods.map((p) => [
              p.period + (p.incomplete ? '*' : ''),
              ...stages.map((s) => String(p.stages[s] ?? 0)),
              Object.entries(p.flows)
                .sort((a, b) => b[1] - a[1])
                .slice(0, 3)
                .map(([f, n]) => `${f} ${n}`)
                .join(', '),
            ]),
          ),
      );
    }
    return out.join('\n\n') + '\n(* in progress)';
  },
  messages: (r: unknown) => {
    const { groups } = r as Messages;
    return (
      table(
        [
          'group',
          'created',
          'sent',
          'delivered',
          'opened†',
          'clicked',
          'unsubscribed',
          'bounced',
          'complained',
        ],
        groups.map((g) => [
          g.key,
          String(g.created),
          String(g.sent),
          String(g.delivered),
          rateText(g.rates.opened)[0],
          rateText(g.rates.clicked)[0],
          rateText(g.rates.unsubscribed)[0],
          rateText(g.rates.bounced)[0],
          rateText(g.rates.complained)[0],
        ]),
      ) + '\n† opens are inflated by privacy proxies that fetch images without a reader'
    );
  },
};

function retentionText(t: RetentionTable): string {
  const width = Math.max(0, ...t.cohorts.map((c) => c.cells.length));
  const headers = ['cohort', 'size', ...Array.from({ length: width }, (_, n) => String(n))];
  const cellText = (c: RetentionTable['cohorts'][number]['cells'][number]) => {
    if (!c) return '';
    // An incomplete period is never shown as a final 0 %: its count can still grow.
    if (c.incomplete) return c.count === 0 ? '…' : `(${(c.rate * 100).toFixed(0)} %)`;
    return `${(c.rate * 100).toFixed(0)} %`;
  };
  const rows = t.cohorts.map((c) => [c.cohort, String(c.size), ...c.cells.map(cellText)]);
  rows.push([
    'mean (weighted)',
    String(t.units),
    ...t.mean.map((m) => (m.weighted === null ? '' : `${(m.weighted * 100).toFixed(0)} %`)),
  ]);
  const summary = t.summary
    .map(
      (s) =>
        `D${s.day} ${rateText(s.on)[0]} (on or after ${rateText(s.onOrAfter)[0]}, n=${s.on.total})`,
    )
    .join('; ');
  return `${t.key}: ${t.units} units\n${table(headers, rows)}\n( ) in progress, … in progress with none yet\n${summary}\nSimple mean: ${t.mean.map((m) => percent(m.simple)).join(' ')}`;
}
