import { useState } from 'preact/hooks';
import { duration, isoDay, pct, usersLink, type Rate } from '../api.js';
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
  computedAt?: string;
  stale?: true;
  range: { from: string; to: string };
  definitions: Record<string, string>;
  filters?: { funnel?: string };
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

type Filters = Record<string, string | undefined> | null;

/** The filters of the users a group counts: its persona or signup week, in the range. */
function groupFilters(by: string, key: string, range: { from: string; to: string }): Filters {
  const inRange = { signedUpFrom: range.from, signedUpTo: range.to };
  if (by.startsWith('persona.'))
    return key === '(none)' ? null : { ...inRange, persona: `${by.slice(8)}:${key}` };
  if (by === 'cohort.week' && /^\d{4}-\d{2}-\d{2}$/.test(key)) {
    const end = isoDay(Date.parse(key) + 7 * 86_400_000);
    return {
      signedUpFrom: key < isoDay(Date.parse(range.from)) ? range.from : key,
      signedUpTo: end > isoDay(Date.parse(range.to)) ? range.to : end,
    };
  }
  if (key === 'all') return inRange;
  return null;
}

/** A count as a link to its users, or plain when no filter can name them. */
function Count(props: { n: number; filters: Filters }) {
  return props.filters ? <a href={usersLink(props.filters)}>{props.n}</a> : <>{props.n}</>;
}

function Funnel(props: { title: string; steps: Step[]; filters: Filters; ordered: boolean }) {
  const reached = (i: number): Filters =>
    props.filters && {
      ...props.filters,
      milestone: props.steps
        .slice(0, i + 1)
        .map((s) => s.milestone)
        .join(','),
      inOrder: props.ordered && i > 0 ? 'true' : undefined,
    };
  return (
    <ChartOrTable
      title={props.title}
      chart={
        <BarChart
          label={`${props.title}: share of signups reaching each milestone`}
          max={1}
          bars={props.steps.map((s, i) => ({
            href: reached(i) ? usersLink(reached(i)!) : undefined,
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
          rows={props.steps.map((s, i) => [
            s.milestone,
            <Count n={s.users} filters={reached(i)} />,
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
                  <Count n={g.users} filters={groupFilters(by, g.key, data[0].range)} />,
                  g.pending,
                  <Count
                    n={g.activated.count}
                    filters={
                      groupFilters(by, g.key, data[0].range) && {
                        ...groupFilters(by, g.key, data[0].range),
                        activated: 'true',
                      }
                    }
                  />,
                  pct(g.activated.rate),
                  `${pct(g.activated.low)} – ${pct(g.activated.high)}`,
                  duration(g.timeToValue.median),
                  duration(g.timeToValue.p75),
                  duration(g.timeToValue.p90),
                ])}
              />
            }
          />
          <Funnel
            title="Milestone funnel, everyone"
            steps={data[0].result.funnel}
            filters={groupFilters(by, 'all', data[0].range)}
            ordered={data[0].filters?.funnel === 'ordered'}
          />
          {(data[0].result.funnels ?? []).map((f) => (
            <Funnel
              key={f.key}
              title={`Milestone funnel: ${f.key}`}
              steps={f.steps}
              filters={groupFilters(by, f.key, data[0].range)}
              ordered={data[0].filters?.funnel === 'ordered'}
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
