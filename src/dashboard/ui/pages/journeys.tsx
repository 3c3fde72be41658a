import { pct } from '../api.js';
import { BarChart, ChartOrTable, DataTable } from '../charts.js';
import { Status, useApi } from '../use-api.js';
import { describe, StepTree, type StepCount, type StepDef } from './journey-diagram.js';

interface Arm {
  entered: number;
  active: number;
  completed: number;
  converted: number;
  exited: number;
  conversionRate: number | null;
}
interface Journey {
  id: string;
  name: string | null;
  description?: string;
  enabled: boolean;
  draft: boolean;
  trigger: Record<string, unknown>;
  holdout: number;
  goal: { within: number; [k: string]: unknown } | null;
  steps: Record<string, StepCount>;
  definition: { steps?: StepDef[] };
  stats: {
    entered: number;
    runs: Record<string, number>;
    treated: Arm;
    heldOut: Arm;
    lift: {
      absolute: number | null;
      relative: number | null;
      low?: number | null;
      high?: number | null;
      verdict?: string;
    };
  };
}
function goalWithout(goal: { within: number; [k: string]: unknown }) {
  const { within: _within, rule, ...rest } = goal;
  return rule ?? rest;
}

function JourneyCard(props: { journey: Journey }) {
  const j = props.journey;
  const s = j.stats;
  const steps = j.definition.steps ?? [];
  return (
    <section class="card journey" aria-label={`${j.name ?? j.id}: steps and lift`}>
      <header class="card-head">
        <h2>Steps with live counts, goal and lift</h2>
        <span class="tag">{j.draft ? 'draft' : j.enabled ? 'enabled' : 'disabled'}</span>
      </header>
      {j.description && <p class="note">{j.description}</p>}
      <div class="flow-box" aria-label="Journey steps">
        <p class="flow-step trigger">
          <span class="kind">trigger</span> {describe(j.trigger)} —{' '}
          <strong>{s.entered} entered</strong> ({s.runs.active ?? 0} in progress)
        </p>
        <StepTree steps={steps} counts={j.steps} entered={s.entered} />
        <p class="flow-step goal">
          <span class="kind">goal</span>{' '}
          {j.goal
            ? `${describe(goalWithout(j.goal))} within ${Math.round(j.goal.within / 86_400_000)} d`
            : 'none set'}{' '}
          — <strong>{s.runs.converted ?? 0} converted</strong>
        </p>
      </div>
      <ChartOrTable
        title={`Treated vs held out (${pct(j.holdout, 0)} held out)`}
        chart={
          <BarChart
            label={`${j.name ?? j.id}: goal conversion, treated vs held out`}
            max={1}
            bars={[
              {
                label: 'Treated',
                value: s.treated.conversionRate,
                text: `${pct(s.treated.conversionRate)} of ${s.treated.entered}`,
              },
              {
                label: 'Held out',
                value: s.heldOut.conversionRate,
                text: `${pct(s.heldOut.conversionRate)} of ${s.heldOut.entered}`,
              },
            ]}
          />
        }
        table={
          <DataTable
            label={`${j.name ?? j.id} arms`}
            columns={['Arm', 'Entered', 'Active', 'Completed', 'Converted', 'Exited', 'Conversion']}
            rows={[
              [
                'Treated',
                s.treated.entered,
                s.treated.active,
                s.treated.completed,
                s.treated.converted,
                s.treated.exited,
                pct(s.treated.conversionRate),
              ],
              [
                'Held out',
                s.heldOut.entered,
                s.heldOut.active,
                s.heldOut.completed,
                s.heldOut.converted,
                s.heldOut.exited,
                pct(s.heldOut.conversionRate),
              ],
            ]}
          />
        }
      />
      <p class="lift">
        Lift: <LiftText lift={s.lift} />
      </p>
    </section>
  );
}

/** The lift in words: points, relative change, interval and verdict when the API gives them. */
function LiftText(props: { lift: Journey['stats']['lift'] }) {
  const l = props.lift;
  if (l.absolute === null) return <>— (needs a goal and a held-out group)</>;
  const points = (x: number) => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)} points`;
  return (
    <>
      {points(l.absolute)}
      {l.relative !== null && l.relative !== undefined ? ` (${pct(l.relative)} relative)` : ''}
      {l.low !== undefined && l.low !== null && l.high !== undefined && l.high !== null
        ? `, 95 % interval ${points(l.low)} to ${points(l.high)}`
        : ''}
      {l.verdict ? (
        <>
          {' '}
          — <strong class="verdict">{l.verdict}</strong>
        </>
      ) : null}
    </>
  );
}

/** Every journey in one table; a journey's name opens its diagram. */
export function Journeys(props: { id?: string }) {
  const { data, error } = useApi<[{ definitionsVersion: string; items: Journey[] }]>(
    props.id ? `/api/journeys/${encodeURIComponent(props.id)}` : '/api/journeys',
  );
  if (!data) return <Status error={error} />;
  if (props.id) {
    const j = data[0] as unknown as Journey & { definitionsVersion: string };
    return (
      <>
        <p class="crumbs">
          <a href="#/journeys">Journeys</a> /
        </p>
        <h1>{j.name ?? j.id}</h1>
        <p class="lead">
          Definitions version {j.definitionsVersion}. Counts are live: runs that reached each step,
          are waiting at it now, and went past it. Conversion is the goal reached within its window.
        </p>
        <JourneyCard journey={j} />
      </>
    );
  }
  return (
    <>
      <h1>Journeys</h1>
      <p class="lead">
        Definitions version {data[0].definitionsVersion}. Conversion is the goal reached within its
        window; lift is treated minus held-out conversion. Open a journey for its steps with live
        counts.
      </p>
      <DataTable
        label="Journeys"
        columns={['Journey', 'State', 'Entered', 'In progress', 'Treated', 'Held out', 'Lift']}
        rows={data[0].items.map((j) => [
          <a href={`#/journeys/${encodeURIComponent(j.id)}`}>{j.name ?? j.id}</a>,
          j.draft ? 'draft' : j.enabled ? 'enabled' : 'disabled',
          j.stats.entered,
          j.stats.runs.active ?? 0,
          j.goal ? `${pct(j.stats.treated.conversionRate)} of ${j.stats.treated.entered}` : 'no goal',
          j.goal && j.holdout > 0
            ? `${pct(j.stats.heldOut.conversionRate)} of ${j.stats.heldOut.entered}`
            : '—',
          j.stats.lift.absolute === null ? '—' : <LiftText lift={j.stats.lift} />,
        ])}
      />
    </>
  );
}
