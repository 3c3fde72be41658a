import { pct } from '../api.js';
import { BarChart, ChartOrTable, DataTable } from '../charts.js';
import { Status, useApi } from '../use-api.js';

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
  name: string;
  description?: string;
  enabled: boolean;
  draft: boolean;
  trigger: Record<string, unknown>;
  holdout: number;
  goal: { rule: unknown; within: number } | null;
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
type StepDef = {
  id?: string;
  steps?: StepDef[];
  branch?: { when?: unknown; steps: StepDef[] }[];
  on_timeout?: StepDef[];
  [k: string]: unknown;
};
interface Detail {
  definition?: { steps?: StepDef[] };
}

function kindOf(step: StepDef): string {
  for (const k of ['send', 'wait', 'wait_until', 'branch', 'exit', 'split', 'update'])
    if (k in step) return k.replace('_', ' ');
  return 'step';
}

/** The journey's steps as a nested list: waits, sends, branches with their conditions. */
function StepTree(props: { steps: StepDef[] }) {
  return (
    <ol class="flow">
      {props.steps.map((step, i) => (
        <li class={`flow-step kind-${kindOf(step).replace(' ', '-')}`} key={step.id ?? i}>
          <span class="kind">{kindOf(step)}</span> <strong>{step.id ?? ''}</strong>{' '}
          {Object.entries(step)
            .filter(([k]) => !['id', 'branch', 'on_timeout', 'steps'].includes(k))
            .map(([k, v]) => `${k}: ${describe(v)}`)
            .join('; ')
            .slice(0, 160)}
          {step.on_timeout && (
            <div class="sub">
              on timeout:
              <StepTree steps={step.on_timeout} />
            </div>
          )}
          {step.branch?.map((b, j) => (
            <div class="sub" key={j}>
              {b.when ? `when ${describe(b.when)}` : 'otherwise'}:
              <StepTree steps={b.steps} />
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}

const describe = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function JourneyCard(props: { journey: Journey }) {
  const j = props.journey;
  const { data } = useApi<[Detail]>(`/api/journeys/${encodeURIComponent(j.id)}`);
  const s = j.stats;
  const steps = data?.[0].definition?.steps ?? [];
  return (
    <section class="card journey" aria-label={j.name}>
      <header class="card-head">
        <h2>{j.name}</h2>
        <span class="tag">{j.draft ? 'draft' : j.enabled ? 'enabled' : 'disabled'}</span>
      </header>
      {j.description && <p class="note">{j.description}</p>}
      <div class="flow-box" aria-label="Journey steps">
        <p class="flow-step trigger">
          <span class="kind">trigger</span> {describe(j.trigger)} —{' '}
          <strong>{s.entered} entered</strong> ({s.runs.active ?? 0} in progress)
        </p>
        <StepTree steps={steps} />
        <p class="flow-step goal">
          <span class="kind">goal</span>{' '}
          {j.goal
            ? `${describe(j.goal.rule)} within ${Math.round(j.goal.within / 86_400_000)} d`
            : 'none set'}{' '}
          — <strong>{s.runs.converted ?? 0} converted</strong>
        </p>
      </div>
      <ChartOrTable
        title={`Treated vs held out (${pct(j.holdout, 0)} held out)`}
        chart={
          <BarChart
            label={`${j.name}: goal conversion, treated vs held out`}
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
            label={`${j.name} arms`}
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
        Lift:{' '}
        {s.lift.absolute === null
          ? '— (needs a goal and a held-out group)'
          : `${(s.lift.absolute * 100).toFixed(1)} points`}
        {s.lift.relative !== null && s.lift.relative !== undefined
          ? ` (${pct(s.lift.relative)} relative)`
          : ''}
        {s.lift.verdict ? ` — ${s.lift.verdict}` : ''}
      </p>
    </section>
  );
}

export function Journeys() {
  const { data, error } =
    useApi<[{ definitionsVersion: string; items: Journey[] }]>('/api/journeys');
  if (!data) return <Status error={error} />;
  return (
    <>
      <h1>Journeys</h1>
      <p class="lead">
        Definitions version {data[0].definitionsVersion}. Conversion is the goal reached within its
        window.
      </p>
      {data[0].items.map((j) => (
        <JourneyCard key={j.id} journey={j} />
      ))}
    </>
  );
}
