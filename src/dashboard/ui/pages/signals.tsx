import { useState } from 'preact/hooks';
import { api, dateTime, pct, usersLink, type Rate } from '../api.js';
import { BarChart, ChartOrTable, DataTable } from '../charts.js';
import { Status, useApi } from '../use-api.js';
import { DefinitionsNote } from './definitions-note.js';

interface Answer<R> {
  asOf: string;
  computedAt?: string;
  stale?: true;
  range: { from: string; to: string };
  filters: Record<string, unknown>;
  definitions: Record<string, string>;
  result: R;
}
interface Difference {
  estimate: number | null;
  low: number | null;
  high: number | null;
}
interface Predictor {
  event: string;
  atLeast: number;
  withinHours: number;
  did: { users: number; outcome: number };
  didNot: { users: number; outcome: number };
  rateDid: number | null;
  rateDidNot: number | null;
  oddsRatio: number;
  phi: number;
  band: string;
}
interface Signal {
  split: { segment?: string | null; window: number };
  population: { users: number; incomplete: number };
  groups: { key: string; users: number; retained: Rate; converted: Rate | null }[];
  difference: { retained: Difference | null; converted: Difference | null };
  scan: { outcome: string; positive: Predictor[]; negative: Predictor[] } | null;
}
interface AuditRow {
  key: string;
  kind: string;
  top: { count: number; share: number };
  bottom: { count: number; share: number };
  difference: number;
  oddsRatio: number;
  qValue: number | null;
  rule: unknown;
  note: string | null;
}
interface Audit {
  unit: string;
  outcome: string;
  units: number;
  top: { units: number };
  bottom: { units: number };
  rows: AuditRow[];
  segment: { name: string; yaml: string } | null;
}
interface ChurnEntry {
  id: string;
  kind: 'user' | 'account';
  activeDays: { previous: number; last: number };
  score: { previous: number; last: number };
  value: number | null;
  valueTrait: string | null;
  accountId: string | null;
  stage: string | null;
  lastSeen: string | null;
  facts: string[];
}
interface Churn {
  unit: string;
  criterion: string;
  total: number;
  entries: ChurnEntry[];
}

const points = (d: Difference | null) =>
  d && d.estimate !== null
    ? `${(d.estimate * 100).toFixed(1)} points (95 %: ${((d.low ?? 0) * 100).toFixed(1)} to ${((d.high ?? 0) * 100).toFixed(1)})`
    : '—';
const fixed = (n: number | null | undefined, digits = 2) =>
  n === null || n === undefined ? '—' : n.toFixed(digits);

function rateText(r: Rate | null): string {
  if (!r) return '—';
  return r.small ? `${r.count} of ${r.total} (small)` : `${pct(r.rate)} of ${r.total}`;
}

/** `days`: the analysis's own parameter, so the users listed are those of the groups shown. */
function Split(props: { answer: Answer<Signal>; days: string }) {
  const r = props.answer.result;
  const users = (key: string) => usersLink({ of: 'signal', group: key, days: props.days });
  const label = (key: string) =>
    key === 'matched'
      ? `Met ${r.split.segment ?? 'the rule'} within ${Math.round(r.split.window / 3_600_000)} h`
      : 'Did not';
  return (
    <ChartOrTable
      title="The 48-hour split: retained at the end of the window"
      note={`${r.population.users} users whose outcome is known (${r.population.incomplete} too recent). Difference, met − did not: ${points(r.difference.retained)}; converted: ${points(r.difference.converted)}.`}
      chart={
        <BarChart
          label="Retention of users who met the early signal and of those who did not"
          max={1}
          bars={r.groups.map((g) => ({
            href: users(g.key),
            label: label(g.key),
            value: g.retained.rate,
            low: g.retained.low,
            high: g.retained.high,
            text: rateText(g.retained),
          }))}
        />
      }
      table={
        <DataTable
          label="The 48-hour split"
          columns={['Group', 'Users', 'Retained', '95 % interval', 'Converted']}
          rows={r.groups.map((g) => [
            label(g.key),
            <a href={users(g.key)}>{g.users}</a>,
            rateText(g.retained),
            g.retained.low === null ? '—' : `${pct(g.retained.low)} – ${pct(g.retained.high)}`,
            rateText(g.converted),
          ])}
        />
      }
    />
  );
}

function Predictors(props: { title: string; rows: Predictor[] }) {
  return (
    <ChartOrTable
      title={props.title}
      note="Each row: did the action at least n times within h hours of signup. Bars: the retained share of those who did, beside those who did not."
      chart={
        <BarChart
          label={props.title}
          max={1}
          bars={props.rows.flatMap((p) => [
            {
              label: `${p.event} ≥${p.atLeast} in ${p.withinHours} h`,
              value: p.rateDid,
              text: `did: ${pct(p.rateDid)} of ${p.did.users}`,
            },
            {
              label: '… did not',
              value: p.rateDidNot,
              text: `did not: ${pct(p.rateDidNot)} of ${p.didNot.users}`,
            },
          ])}
        />
      }
      table={
        <DataTable
          label={props.title}
          columns={[
            'Action',
            'At least',
            'Within',
            'Did: retained',
            'Did not: retained',
            'Odds ratio',
            'phi',
            'Predicts',
          ]}
          rows={props.rows.map((p) => [
            p.event,
            p.atLeast,
            `${p.withinHours} h`,
            `${p.did.outcome} of ${p.did.users} (${pct(p.rateDid)})`,
            `${p.didNot.outcome} of ${p.didNot.users} (${pct(p.rateDidNot)})`,
            fixed(p.oddsRatio),
            fixed(p.phi),
            p.band,
          ])}
        />
      }
    />
  );
}

/** A segment name for an audit row: snake_case from its key. */
const segmentName = (key: string) =>
  `audit_${key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')}`.slice(0, 60);

/** `query`: the audit's own parameters (unit, days), so the copied row is one of its rows and
 * the users behind a count are the audit's. */
function AuditTable(props: { audit: Audit; query: string }) {
  const a = props.audit;
  // Each count opens its units: users, or with an audit by account, accounts.
  const count = (row: AuditRow, side: 'top' | 'bottom') => {
    const text = `${row[side].count} (${pct(row[side].share, 0)})`;
    const filters = Object.fromEntries(new URLSearchParams(props.query));
    return <a href={usersLink({ of: 'audit', ...filters, row: row.key, side })}>{text}</a>;
  };
  const [copied, setCopied] = useState<{ key: string; yaml: string; note: string } | null>(null);
  const copy = async (row: AuditRow) => {
    const name = segmentName(row.key);
    const answer = await api<Answer<Audit>>(
      `/api/analytics/audit?${props.query}&as_segment=${encodeURIComponent(name)}&row=${encodeURIComponent(row.key)}`,
    );
    const yaml = answer.result.segment?.yaml ?? '';
    let note = 'Copied to the clipboard: paste it into cairn.yaml.';
    try {
      await navigator.clipboard.writeText(yaml);
    } catch {
      note = 'Select the text below and copy it into cairn.yaml.';
    }
    setCopied({ key: row.key, yaml, note });
  };
  return (
    <section class="card" aria-label="Top against bottom">
      <header class="card-head">
        <h2>
          Top {a.top.units} against bottom {a.bottom.units} {a.unit} by {a.outcome}
        </h2>
      </header>
      <p class="note">
        What the best 20 % have in common that the worst 20 % lack (and the reverse), out of{' '}
        {a.units} {a.unit}. <strong>Copy as segment</strong> turns a row into a segment of
        cairn.yaml.
      </p>
      {copied && (
        <div class="notice" role="status">
          <p>
            Segment from {copied.key}. {copied.note}
          </p>
          <textarea readOnly rows={6} cols={70} aria-label="Segment YAML" value={copied.yaml} />
        </div>
      )}
      <DataTable
        label="Audit rows"
        columns={['Attribute', 'Top', 'Bottom', 'Difference', 'Odds ratio', 'q', '']}
        rows={a.rows.map((row) => [
          row.key,
          count(row, 'top'),
          count(row, 'bottom'),
          `${row.difference > 0 ? '+' : ''}${(row.difference * 100).toFixed(0)} points`,
          fixed(row.oddsRatio),
          row.qValue === null ? '—' : row.qValue.toPrecision(2),
          row.rule ? (
            <button type="button" onClick={() => void copy(row)}>
              Copy as segment
            </button>
          ) : (
            (row.note ?? '')
          ),
        ])}
      />
    </section>
  );
}

function ChurnList(props: { churn: Churn }) {
  const c = props.churn;
  return (
    <section class="card" aria-label="Churn risk">
      <header class="card-head">
        <h2>
          Churn risk: {c.total} {c.unit}
        </h2>
      </header>
      <p class="note">{c.criterion}; the most valuable first.</p>
      <DataTable
        label="Churn-risk list"
        columns={[
          'Who',
          'Active days (before → last)',
          'Score (before → last)',
          'Value',
          'Stage',
          'Last seen',
          'Why',
        ]}
        rows={c.entries.map((e) => [
          <a href={`#/${e.kind === 'user' ? 'users' : 'accounts'}/${encodeURIComponent(e.id)}`}>
            {e.id}
          </a>,
          `${e.activeDays.previous} → ${e.activeDays.last}`,
          `${fixed(e.score.previous, 0)} → ${fixed(e.score.last, 0)}`,
          e.value === null ? '—' : `${e.value} ${e.valueTrait ?? ''}`,
          e.stage ?? '—',
          dateTime(e.lastSeen),
          e.facts.join('; '),
        ])}
      />
    </section>
  );
}

export function Signals() {
  const [unit, setUnit] = useState('users');
  const [days, setDays] = useState('30');
  const { data, error } = useApi<[Answer<Signal>, Answer<Audit>, Answer<Churn>]>(
    `/api/analytics/signal?days=${days}`,
    `/api/analytics/audit?unit=${unit}&days=${days}`,
    `/api/analytics/churn-risk?unit=${unit}`,
  );
  return (
    <>
      <h1>Signals</h1>
      <div class="controls">
        <label class="control">
          Retained on day{' '}
          <select value={days} onChange={(e) => setDays((e.target as HTMLSelectElement).value)}>
            <option value="7">7</option>
            <option value="14">14</option>
            <option value="30">30</option>
          </select>
        </label>
        <label class="control">
          Audit and churn risk by{' '}
          <select value={unit} onChange={(e) => setUnit((e.target as HTMLSelectElement).value)}>
            <option value="users">User</option>
            <option value="accounts">Account</option>
          </select>
        </label>
      </div>
      {!data ? (
        <Status error={error} />
      ) : (
        <>
          <Split answer={data[0]} days={days} />
          {data[0].result.scan && (
            <>
              <Predictors
                title="Actions that predict retention"
                rows={data[0].result.scan.positive}
              />
              <Predictors title="Actions that go with churn" rows={data[0].result.scan.negative} />
            </>
          )}
          <DefinitionsNote
            range={data[0].range}
            asOf={data[0].asOf}
            computedAt={data[0].computedAt}
            stale={data[0].stale}
            definitions={data[0].definitions}
          />
          <AuditTable audit={data[1].result} query={`unit=${unit}&days=${days}`} />
          <DefinitionsNote
            range={data[1].range}
            asOf={data[1].asOf}
            computedAt={data[1].computedAt}
            stale={data[1].stale}
            definitions={data[1].definitions}
          />
          <ChurnList churn={data[2].result} />
          <DefinitionsNote
            asOf={data[2].asOf}
            computedAt={data[2].computedAt}
            stale={data[2].stale}
            definitions={data[2].definitions}
          />
        </>
      )}
    </>
  );
}
