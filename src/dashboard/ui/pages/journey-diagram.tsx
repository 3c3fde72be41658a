import { duration, usersLink } from '../api.js';

export type StepDef = {
  id?: string;
  branch?: { when?: unknown; where?: unknown; steps: StepDef[] }[];
  split?: { name?: string; percent?: number; steps: StepDef[] }[];
  on_timeout?: StepDef[];
  [k: string]: unknown;
};

export interface StepCount {
  reached: number;
  at: number;
  passed: number;
}

const KINDS = ['send', 'notify', 'wait_until', 'wait', 'branch', 'split', 'update', 'exit'];

export function kindOf(step: StepDef): string {
  return KINDS.find((k) => k in step)?.replace('_', ' ') ?? 'step';
}

export const describe = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : JSON.stringify(v)
        .replace(/"([^"]+)":/g, '$1: ')
        .replace(/"/g, '');

/** One line saying what the step does, in words rather than its YAML. */
function summary(step: StepDef): string {
  const send = (step.send ?? step.notify) as
    { template?: string; channel?: string; to?: string } | undefined;
  if (send)
    return `${send.template ?? ''} by ${send.channel ?? 'email'}${send.to ? ` to ${send.to}` : ''}`;
  if (step.wait) {
    const w = step.wait as { for?: number; at?: number } | number;
    const ms = typeof w === 'number' ? w : (w.for ?? 0);
    const at = typeof w === 'object' && w.at !== undefined ? `, then at ${clock(w.at)}` : '';
    return `${duration(ms)}${at}`;
  }
  if (step.wait_until) {
    const w = step.wait_until as { timeout?: number; [k: string]: unknown };
    const { timeout, ...what } = w;
    return `${describe(what)}, at most ${duration(timeout ?? 0)}`;
  }
  if (step.exit) return describe(step.exit);
  if (step.update) return describe(step.update);
  return '';
}

/** Minutes after midnight as HH:MM (the `at` of a wait). */
const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A count linked to the users who own the runs it counts (a user with two runs there is one
 * user in the list). */
function Count(props: { n: number; journey: string; step: string | undefined; state: string }) {
  if (!props.step || props.n === 0) return <strong>{props.n}</strong>;
  return (
    <a
      href={usersLink({ journey: props.journey, step: props.step, stepState: props.state })}
      title="The users of these runs"
    >
      <strong>{props.n}</strong>
    </a>
  );
}

function Counts(props: {
  count: StepCount | undefined;
  entered: number;
  journey: string;
  step: string | undefined;
}) {
  const c = props.count ?? { reached: 0, at: 0, passed: 0 };
  const share = props.entered > 0 ? c.reached / props.entered : 0;
  const link = { journey: props.journey, step: props.step };
  return (
    <span class="step-counts">
      <span class="meter" aria-hidden="true">
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
      <span>
        <Count n={c.reached} state="reached" {...link} /> reached
      </span>
      {' · '}
      <span>
        <Count n={c.at} state="at" {...link} /> at it now
      </span>
      {' · '}
      <span>
        <Count n={c.passed} state="passed" {...link} /> passed
      </span>
    </span>
  );
}

interface TreeProps {
  journey: string;
  steps: StepDef[];
  counts: Record<string, StepCount>;
  entered: number;
}

/** The journey's steps as a flow: each step with its kind, what it does and where runs are;
 * branches and splits side by side with their conditions; a timeout's steps under its wait. */
export function StepTree(props: TreeProps) {
  return (
    <ol class="flow">
      {props.steps.map((step, i) => {
        const kind = kindOf(step);
        const paths = step.branch
          ? step.branch.map((b) => ({
              label:
                b.when !== undefined
                  ? `when ${describe(b.when)}`
                  : b.where !== undefined
                    ? `where ${describe(b.where)}`
                    : 'otherwise',
              steps: b.steps,
            }))
          : step.split
            ? step.split.map((s) => ({
                label: `${s.name ?? 'path'}: ${s.percent ?? '?'} %`,
                steps: s.steps,
              }))
            : [];
        return (
          <li class={`flow-step kind-${kind.replace(' ', '-')}`} key={step.id ?? i}>
            <div class="step-box">
              <span class="kind">{kind}</span> <strong>{step.id ?? ''}</strong>{' '}
              <span class="what">{summary(step)}</span>
              <Counts
                count={step.id ? props.counts[step.id] : undefined}
                entered={props.entered}
                journey={props.journey}
                step={step.id}
              />
            </div>
            {step.on_timeout && (
              <div class="paths">
                <div class="path">
                  <p class="path-label">on timeout</p>
                  <StepTree {...props} steps={step.on_timeout} />
                </div>
              </div>
            )}
            {paths.length > 0 && (
              <div class="paths">
                {paths.map((p, j) => (
                  <div class="path" key={j}>
                    <p class="path-label">{p.label}</p>
                    {p.steps.length ? (
                      <StepTree {...props} steps={p.steps} />
                    ) : (
                      <p class="note">(no step: continue)</p>
                    )}
                  </div>
                ))}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
