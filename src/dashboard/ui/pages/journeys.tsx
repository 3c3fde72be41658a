import { pct } from '../api.js';
import { BarChart, ChartOrTable, DataTable } from '../charts.js';
import { Status, useApi } from '../use-api.js';
import { describe, StepTree, type StepCount, type StepDef } from './journey-diagram.js';
import { ComputedAt } from './definitions-note.js';

interface Arm {
  entered: number;
  active: number;
  completed: number;
  converted: number;
  exited: number;
  conversionRate: number | null;
}
interface Group {
  users: number;
  converted: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}
/** The lift object of the journey routes (docs/api.md). */
interface Lift {
  absolute: number | null;
  relative: number | null;
  low?: number | null;
  high?: number | null;
  relativeLow?: number | null;
  relativeHigh?: number | null;
  pValue?: number | null;
  adjustedPValue?: number | null;
  verdict?: string;
  note?: string | null;
  treated?: Group;
  heldOut?: Group;
  pending?: { treated: number; heldOut: number };
  srm?: { declaredShare: number; observedShare: number | null; mismatch: boolean } | null;
}

const VERDICTS: Record<string, string> = {
  better: 'better than holding out',
  worse: 'worse than holding out',
  no_difference_detected: 'no difference detected',
  too_small: 'too few users to tell',
  srm: 'sample-ratio mismatch: not trusted',
  no_goal: 'no goal to measure',
  no_holdout: 'no held-out group',
};

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
    lift: Lift;
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
        <StepTree journey={j.id} steps={steps} counts={j.steps} entered={s.entered} />
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
      <LiftDetails lift={s.lift} />
    </section>
  );
}

/** When the lift was computed: it is kept up to a minute, the counts are read live. */
function LiftAt(props: { at: string | undefined; stale?: boolean }) {
  return <ComputedAt at={props.at} stale={props.stale} label="Lift computed at" />;
}

/** The lift in words: points with the 95 % interval, relative change, verdict. */
function LiftText(props: { lift: Lift }) {
  const l = props.lift;
  const points = (x: number) => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)} points`;
  const verdict = l.verdict ? (
    <strong class={`verdict verdict-${l.verdict}`}>{VERDICTS[l.verdict] ?? l.verdict}</strong>
  ) : null;
  if (l.absolute === null)
    return verdict ? (
      <>
        {verdict}
        {l.note ? ` (${l.note})` : ''}
      </>
    ) : (
      <>— (needs a goal and a held-out group)</>
    );
  return (
    <>
      {points(l.absolute)}
      {l.low != null && l.high != null ? ` [95 %: ${points(l.low)} to ${points(l.high)}]` : ''}
      {l.relative != null ? `, ${pct(l.relative)} relative` : ''}
      {verdict ? <> — {verdict}</> : null}
    </>
  );
}

/** The lift's details: both groups as users read, p-values, the sample-ratio check. */
function LiftDetails(props: { lift: Lift }) {
  const l = props.lift;
  if (!l.treated || !l.heldOut) return null;
  const row = (name: string, g: Group, pending: number | undefined) => [
    name,
    g.users,
    g.converted,
    pct(g.rate),
    g.low != null && g.high != null ? `${pct(g.low)} – ${pct(g.high)}` : '—',
    pending ?? 0,
  ];
  return (
    <>
      <DataTable
        label="Lift: users read per group"
        columns={[
          'Group (users)',
          'Users read',
          'Converted',
          'Rate',
          '95 % interval',
          'Goal window still open',
        ]}
        rows={[
          row('Treated', l.treated, l.pending?.treated),
          row('Held out', l.heldOut, l.pending?.heldOut),
        ]}
      />
      <p class="note">
        {l.pValue != null ? `p = ${l.pValue.toPrecision(2)}; ` : ''}
        {l.adjustedPValue != null ? `adjusted p = ${l.adjustedPValue.toPrecision(2)}. ` : ''}
        {l.relativeLow != null && l.relativeHigh != null
          ? `Relative lift 95 %: ${pct(l.relativeLow)} to ${pct(l.relativeHigh)}. `
          : ''}
        {l.srm
          ? `Held out: ${pct(l.srm.observedShare)} observed against ${pct(l.srm.declaredShare)} declared${l.srm.mismatch ? ' — MISMATCH, the numbers are not trusted' : ''}.`
          : ''}
        {l.note ? ` ${l.note}` : ''}
      </p>
    </>
  );
}

/** Every journey in one table; a journey's name opens its diagram. */
export function Journeys(props: { id?: string }) {
  const { data, error } = useApi<
    [{ definitionsVersion: string; items: Journey[]; liftComputedAt?: string; liftStale?: true }]
  >(props.id ? `/api/journeys/${encodeURIComponent(props.id)}` : '/api/journeys');
  if (!data) return <Status error={error} />;
  if (props.id) {
    const j = data[0] as unknown as Journey & {
      definitionsVersion: string;
      liftComputedAt?: string;
      liftStale?: true;
    };
    return (
      <>
        <p class="crumbs">
          <a href="#/journeys">Journeys</a> /
        </p>
        <h1>{j.name ?? j.id}</h1>
        <p class="lead">
          Definitions version {j.definitionsVersion}. Counts are live: runs that reached each step,
          are waiting at it now, and went past it. Conversion is the goal reached within its window.
          <LiftAt at={j.liftComputedAt} stale={j.liftStale} />
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
        <LiftAt at={data[0].liftComputedAt} stale={data[0].liftStale} />
      </p>
      <DataTable
        label="Journeys"
        columns={['Journey', 'State', 'Entered', 'In progress', 'Treated', 'Held out', 'Lift']}
        rows={data[0].items.map((j) => [
          <a href={`#/journeys/${encodeURIComponent(j.id)}`}>{j.name ?? j.id}</a>,
          j.draft ? 'draft' : j.enabled ? 'enabled' : 'disabled',
          j.stats.entered,
          j.stats.runs.active ?? 0,
          j.goal
            ? `${pct(j.stats.treated.conversionRate)} of ${j.stats.treated.entered}`
            : 'no goal',
          j.goal && j.holdout > 0
            ? `${pct(j.stats.heldOut.conversionRate)} of ${j.stats.heldOut.entered}`
            : '—',
          <LiftText lift={j.stats.lift} />,
        ])}
      />
    </>
  );
}
