import { useState } from 'preact/hooks';
import { duration, pct, type Rate } from '../api.js';
import { BarChart, ChartOrTable, DataTable } from '../charts.js';
import { Status, useApi } from '../use-api.js';
import { DefinitionsNote } from './definitions-note.js';

interface Step {
  milestone: string;
  users: number;
  fromStart: Rate;
  fromPrevious: Rate;
  medianFromPreviousMs: number | null;
}
interface Group {
  key: string;
  users: number;
  pending: number;
  activated: Rate;
  timeToValue: { n: number; median: number | null; p75: number | null; p90: number | null };
}
interface Activation {
  asOf: string;
  range: { from: string; to: string };
  definitions: Record<string, string>;
  result: {
    overall: Group;
    groups: Group[];
    funnel: Step[];
    funnels?: { key: string; steps: Step[] }[];
  };
}

const BREAKDOWNS: [string, string][] = [
  ['persona.path', 'Persona (onboarding path)'],
  ['persona.behavior', 'Persona (behavior)'],
  ['cohort.week', 'Signup week'],
  ['source', 'Source'],
];

function Funnel(props: { title: string; steps: Step[] }) {
  return (
    <ChartOrTable
      title={props.title}
      chart={
        <BarChart
          label={`${props.title}: share of signups reaching each milestone`}
          max={1}
          bars={props.steps.map((s) => ({
            label: s.milestone,
            value: s.fromStart.rate ?? 0,
            low: s.fromStart.low,
            high: s.fromStart.high,
            text: `${pct(s.fromStart.rate)} (${s.users})`,
          }))}
        />
      }
      table={
        <DataTable
          label={props.title}
          columns={[
            'Milestone',
            'Users',
            'Of signups',
            'Of previous step',
            'Median time from previous',
          ]}
          rows={props.steps.map((s) => [
            s.milestone,
            s.users,
            pct(s.fromStart.rate),
            pct(s.fromPrevious.rate),
            duration(s.medianFromPreviousMs),
          ])}
        />
      }
    />
  );
}

export function Activation() {
  const [by, setBy] = useState('persona.path');
  const { data, error } = useApi<[Activation]>(`/api/analytics/activation?by=${by}&min_size=5`);
  const groups = data?.[0].result.groups ?? [];
  return (
    <>
      <h1>Activation</h1>
      <label class="control">
        Break down by{' '}
        <select value={by} onChange={(e) => setBy((e.target as HTMLSelectElement).value)}>
          {BREAKDOWNS.map(([v, l]) => (
            <option value={v} key={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      {!data ? (
        <Status error={error} />
      ) : (
        <>
          <ChartOrTable
            title="Activation rate by group"
            note="Bars: activated ÷ signups whose window is over; the line across each bar is the 95 % interval."
            chart={
              <BarChart
                label="Activation rate by group"
                max={1}
                bars={[data[0].result.overall, ...groups].map((g) => ({
                  label: g.key,
                  value: g.activated.rate,
                  low: g.activated.low,
                  high: g.activated.high,
                  text: g.activated.small
                    ? `${g.activated.count} of ${g.activated.total} (small)`
                    : `${pct(g.activated.rate)} of ${g.activated.total}`,
                }))}
              />
            }
            table={
              <DataTable
                label="Activation by group"
                columns={[
                  'Group',
                  'Signups',
                  'Pending',
                  'Activated',
                  'Rate',
                  '95 % interval',
                  'Median time to value',
                  'p75',
                  'p90',
                ]}
                rows={[data[0].result.overall, ...groups].map((g) => [
                  g.key,
                  g.users,
                  g.pending,
                  g.activated.count,
                  pct(g.activated.rate),
                  `${pct(g.activated.low)} – ${pct(g.activated.high)}`,
                  duration(g.timeToValue.median),
                  duration(g.timeToValue.p75),
                  duration(g.timeToValue.p90),
                ])}
              />
            }
          />
          <Funnel title="Milestone funnel, everyone" steps={data[0].result.funnel} />
          {(data[0].result.funnels ?? []).map((f) => (
            <Funnel key={f.key} title={`Milestone funnel: ${f.key}`} steps={f.steps} />
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
