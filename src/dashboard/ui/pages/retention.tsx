import { useState } from 'preact/hooks';
import { pct } from '../api.js';
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
  cohorts: { cohort: string; size: number; cells: (Cell | null)[] }[];
  mean: { n: number; weighted: number | null; simple: number | null; cohorts: number }[];
}
interface Retention {
  asOf: string;
  range: { from: string; to: string };
  definitions: Record<string, string>;
  filters: { period: string };
  result: { overall: Table; groups: Table[] };
}

function RetentionTable(props: { table: Table; period: string }) {
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
            cells: c.cells.map((cell) =>
              cell
                ? { rate: cell.rate, text: pct(cell.rate, 0), incomplete: cell.incomplete }
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
              ...c.cells.map((cell) =>
                cell
                  ? `${cell.count} (${pct(cell.rate)})${cell.incomplete ? ' in progress' : ''}`
                  : '',
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
          <RetentionTable table={data[0].result.overall} period={data[0].filters.period} />
          {data[0].result.groups.map((g) => (
            <RetentionTable key={g.key} table={g} period={data[0].filters.period} />
          ))}
          <DefinitionsNote
            range={data[0].range}
            asOf={data[0].asOf}
            definitions={data[0].definitions}
          />
        </>
      )}
    </>
  );
}
