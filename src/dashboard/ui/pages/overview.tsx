import { duration, pct, usersLink, type Rate } from '../api.js';
import { Status, useApi } from '../use-api.js';
import { DefinitionsNote } from './definitions-note.js';

interface Activation {
  asOf: string;
  range: { from: string; to: string };
  definitions: Record<string, string>;
  result: { overall: { users: number; activated: Rate; timeToValue: { median: number | null } } };
}
interface Conversion {
  result: { overall: { users: number; converted: Rate } };
}
interface Retention {
  result: { overall: { summary: { day: number; on: Rate }[] } };
}
interface Messages {
  result: { groups: { key: string; sent: number }[] };
}

function Kpi(props: {
  label: string;
  value: string;
  before: string;
  href: string;
  trend: number | null;
}) {
  const arrow =
    props.trend === null ? '' : props.trend > 0 ? '▲ up' : props.trend < 0 ? '▼ down' : '= same';
  return (
    <a class="kpi" href={props.href}>
      <span class="kpi-label">{props.label}</span>
      <strong class="kpi-value">{props.value}</strong>
      <span class="kpi-before">
        {arrow && <span class="trend">{arrow}</span>} previous 30 days: {props.before}
      </span>
    </a>
  );
}

const diff = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined ? null : a - b;

interface OverviewAnswer {
  current: { activation: Activation; conversion: Conversion; messages: Messages };
  previous: { activation: Activation; conversion: Conversion; messages: Messages };
  retention: Retention;
  computedAt?: string;
  stale?: true;
}

/** One call: the server answers the seven figures together, reading each thing once. */
export function Overview() {
  const { data, error } = useApi<[OverviewAnswer]>('/api/analytics/overview');
  if (!data) return <Status error={error} />;
  const [{ current, previous, retention, computedAt, stale }] = data;
  const [act, actBefore, conv, convBefore, ret, msgs, msgsBefore] = [
    current.activation,
    previous.activation,
    current.conversion,
    previous.conversion,
    retention,
    current.messages,
    previous.messages,
  ];
  const d30 =
    ret.result.overall.summary.find((s) => s.day === 30) ?? ret.result.overall.summary.at(-1);
  const sent = (m: Messages) => m.result.groups.reduce((n, g) => n + g.sent, 0);
  const a = act.result.overall;
  const b = actBefore.result.overall;
  // The users behind the two counts of people: the signups of the range, and those of them
  // activated (the rate's numerator). The rates and durations open their page's breakdown.
  const signups = { signedUpFrom: act.range.from, signedUpTo: act.range.to };
  return (
    <>
      <h1>Overview</h1>
      <p class="lead">The last 30 days, each number beside the 30 days before.</p>
      <div class="kpis">
        <Kpi
          label="Signups"
          value={String(a.users)}
          before={String(b.users)}
          trend={a.users - b.users}
          href={usersLink(signups)}
        />
        <Kpi
          label="Activation rate"
          value={pct(a.activated.rate)}
          before={pct(b.activated.rate)}
          trend={diff(a.activated.rate, b.activated.rate)}
          href="#/activation"
        />
        <Kpi
          label="Time to first value (median)"
          value={duration(a.timeToValue.median)}
          before={duration(b.timeToValue.median)}
          trend={diff(b.timeToValue.median, a.timeToValue.median)}
          href="#/activation"
        />
        <Kpi
          label="Trial → paid"
          value={pct(conv.result.overall.converted.rate)}
          before={pct(convBefore.result.overall.converted.rate)}
          trend={diff(conv.result.overall.converted.rate, convBefore.result.overall.converted.rate)}
          href="#/activation"
        />
        <Kpi
          label={`Retention, day ${d30?.day ?? 30}`}
          value={pct(d30?.on.rate ?? null)}
          before="(all cohorts)"
          trend={null}
          href="#/retention"
        />
        <Kpi
          label="Messages sent"
          value={String(sent(msgs))}
          before={String(sent(msgsBefore))}
          trend={sent(msgs) - sent(msgsBefore)}
          href="#/messages"
        />
      </div>
      <DefinitionsNote
        range={act.range}
        asOf={act.asOf}
        computedAt={computedAt}
        stale={stale}
        definitions={act.definitions}
      />
    </>
  );
}
