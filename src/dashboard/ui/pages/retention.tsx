import { useState } from 'preact/hooks';
import { isoDay, pct, usersLink } from '../api.js';
import { ChartOrTable, DataTable, Heatmap } from '../charts.js';
import { Status, useApi } from '../use-api.js';
import { DefinitionsNote } from './definitions-note.js';

interface Cell {
  n: number;
  count: number;
  rate: number;
  incomplete: boolean;
}
interface Table {
  key: string;
  units: number;
  cohorts: { cohort: string; start: number; size: number; cells: (Cell | null)[] }[];
  mean: { n: number; weighted: number | null; simple: number | null; cohorts: number }[];
}
/** The first day of period `n` after the period starting `start` (UTC). */
function periodStart(start: number, period: string, n: number): number {
  if (period === 'day') return start + n * 86_400_000;
  if (period === 'week') return start + n * 7 * 86_400_000;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
}

/** The users of cohort `start` (and group) active during period n, as the cell counts them. */
function cellLink(
  start: number,
  period: string,
  n: number,
  group: string,
  by: string,
  activity: string,
): string | undefined {
  if (group === '(none)') return undefined;
  const from = periodStart(start, period, n);
  const to = periodStart(start, period, n + 1) - 86_400_000;
  return usersLink({
    signedUpFrom: isoDay(start),
    signedUpTo: isoDay(periodStart(start, period, 1)),
    persona: by.startsWith('persona.') && group !== 'all' ? `${by.slice(8)}:${group}` : undefined,
    activeFrom: isoDay(from),
    activeTo: isoDay(to),
    activity: activity === 'meaningful' ? 'meaningful' : 'all',
  });
}

interface Retention {
  asOf: string;
  computedAt?: string;
  stale?: true;
  range: { from: string; to: string };
  definitions: Record<string, string>;
  filters: { period: string; by: string; activity: string };
  result: { overall: Table; groups: Table[] };
}

function RetentionTable(props: { table: Table; period: string; by: string; activity: string }) {
  const link = (c: Table['cohorts'][number], n: number) =>
    cellLink(c.start, props.period, n, props.table.key, props.by, props.activity);
  const cohorts = props.table.cohorts.filter((c) => c.size > 0);
  const width = Math.max(0, ...cohorts.map((c) => c.cells.length));
  const columns = Array.from({ length: width }, (_, i) => `${props.period[0]!.toUpperCase()}${i}`);
  const title = `Cohort retention: ${props.table.key} (${props.table.units} users)`;
  return (
    <ChartOrTable
      title={title}
      note="Each cell: share of the cohort active in that period. * and hatching: the period is still in progress and can grow."
      chart={
        <Heatmap
          label={title}
          columns={columns}
          rows={cohorts.map((c) => ({
            label: c.cohort,
            size: c.size,
            cells: c.cells.map((cell, n) =>
              cell
                ? {
                    rate: cell.rate,
                    text: pct(cell.rate, 0),
                    incomplete: cell.incomplete,
                    href: link(c, n),
                  }
                : null,
            ),
          }))}
        />
      }
      table={
        <DataTable
          label={`${title}, as numbers`}
          columns={['Cohort', 'Size', ...columns]}
          rows={[
            ...cohorts.map((c) => [
              c.cohort,
              c.size,
              ...c.cells.map((cell, n) =>
                cell ? (
                  <>
                    {link(c, n) ? <a href={link(c, n)}>{cell.count}</a> : cell.count} (
                    {pct(cell.rate)}){cell.incomplete ? ' in progress' : ''}
                  </>
                ) : (
                  ''
                ),
              ),
            ]),
            ['Weighted mean', '', ...props.table.mean.slice(0, width).map((m) => pct(m.weighted))],
          ]}
        />
      }
    />
  );
}

export function Retention() {
  const [period, setPeriod] = useState('week');
  const [by, setBy] = useState('none');
  const { data, error } = useApi<[Retention]>(
    `/api/analytics/retention?period=${period}&by=${by}&min_size=5`,
  );
  return (
    <>
      <h1>Retention</h1>
      <div class="controls">
        <label class="control">
          Period{' '}
          <select value={period} onChange={(e) => setPeriod((e.target as HTMLSelectElement).value)}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </label>
        <label class="control">
          By{' '}
          <select value={by} onChange={(e) => setBy((e.target as HTMLSelectElement).value)}>
            <option value="none">Everyone</option>
            <option value="persona.path">Persona (onboarding path)</option>
            <option value="persona.behavior">Persona (behavior)</option>
          </select>
        </label>
      </div>
      {!data ? (
        <Status error={error} />
      ) : (
        <>
          <RetentionTable
            table={data[0].result.overall}
            period={data[0].filters.period}
            by={data[0].filters.by}
            activity={data[0].filters.activity}
          />
          {data[0].result.groups.map((g) => (
            <RetentionTable
              key={g.key}
              table={g}
              period={data[0].filters.period}
              by={data[0].filters.by}
              activity={data[0].filters.activity}
            />
          ))}
          <DefinitionsNote
            range={data[0].range}
            asOf={data[0].asOf}
            computedAt={data[0].computedAt}
            stale={data[0].stale}
            definitions={data[0].definitions}
          />
        </>
      )}
    </>
  );
}
