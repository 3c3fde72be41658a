import { useState } from 'preact/hooks';
import { DataTable } from '../charts.js';
import { Status, useApi } from '../use-api.js';

interface ReportDef {
  id: string;
  name: string;
  unit: 'user' | 'account';
  period: string;
  schedule: string;
  template: string;
  inactive: string;
  holdout: number;
  journey: string;
}
interface Metric {
  value: number;
  previous: number;
  change: number | null;
  peers: { average: number; percentile: number; peers: number } | null;
}
interface Preview {
  report: {
    ownerId: string;
    recipientId: string | null;
    timeZone: string;
    period: { kind: string; start: string; end: string };
    stage: string | null;
    active: boolean;
    metrics: Record<string, Metric>;
    timeSaved: { hours: number; equivalent: string | null } | null;
  };
  variant: 'report' | 'inactive' | 'skipped';
  template: string | null;
  subject: string | null;
  preheader: string | null;
  html: string | null;
  text: string | null;
}

const num = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(1);

/** One report for one owner and period, as its email and its web view show it. */
function ReportPreview(props: { report: ReportDef; owner: string; period: string }) {
  const [asText, setAsText] = useState(false);
  const query = props.period ? `?period=${encodeURIComponent(props.period)}` : '';
  const { data, error } = useApi<[Preview]>(
    `/api/reports/${encodeURIComponent(props.report.id)}/${encodeURIComponent(props.owner)}/preview${query}`,
  );
  if (!data) return <Status error={error} />;
  const p = data[0];
  const r = p.report;
  return (
    <>
      <section class="card" aria-label="Report content">
        <h2>
          {props.report.name}: {r.ownerId}, {r.period.kind} {r.period.start} → {r.period.end}
        </h2>
        <p class="note">
          Owner's clock: {r.timeZone}. Stage: {r.stage ?? '—'}. Sent as:{' '}
          <strong>
            {p.variant === 'report'
              ? 'the report'
              : p.variant === 'inactive'
                ? `the re-engagement email (${p.template}), no activity in the period`
                : 'nothing (no activity, and this report skips inactive owners)'}
          </strong>
          {r.recipientId && r.recipientId !== r.ownerId ? `, to ${r.recipientId}` : ''}.
        </p>
        <DataTable
          label="Report metrics"
          columns={[
            'Metric',
            'This period',
            'Period before',
            'Change',
            'Peer average',
            'Percentile',
          ]}
          rows={Object.entries(r.metrics).map(([name, m]) => [
            name,
            num(m.value),
            num(m.previous),
            m.change === null ? '—' : `${m.change > 0 ? '+' : ''}${m.change.toFixed(0)} %`,
            num(m.peers?.average),
            m.peers ? `${m.peers.percentile.toFixed(0)}th of ${m.peers.peers + 1}` : '—',
          ])}
        />
        {r.timeSaved && (
          <p>
            Time saved: {num(r.timeSaved.hours)} h
            {r.timeSaved.equivalent ? ` (${r.timeSaved.equivalent})` : ''}.
          </p>
        )}
      </section>
      {p.variant !== 'skipped' && (
        <section class="card" aria-label="Email preview">
          <header class="card-head">
            <h2>Subject: {p.subject}</h2>
            <button
              type="button"
              class="toggle"
              aria-pressed={asText}
              onClick={() => setAsText(!asText)}
            >
              {asText ? 'Show HTML' : 'Show plain text'}
            </button>
          </header>
          {p.preheader && <p class="note">Preheader: {p.preheader}</p>}
          {asText || !p.html ? (
            <pre class="mail-text">{p.text}</pre>
          ) : (
            <iframe title="The report email" sandbox="" srcdoc={p.html} class="preview" />
          )}
          <p class="note">The web view ("view in browser") shows the same HTML.</p>
        </section>
      )}
    </>
  );
}

export function Reports() {
  const { data, error } = useApi<[{ items: ReportDef[] }]>('/api/reports');
  const [reportId, setReportId] = useState('');
  const [owner, setOwner] = useState('');
  const [period, setPeriod] = useState('');
  const [shown, setShown] = useState<{ id: string; owner: string; period: string } | null>(null);
  if (!data) return <Status error={error} />;
  const reports = data[0].items;
  const chosen = reports.find((r) => r.id === (reportId || reports[0]?.id));
  const shownReport = shown && reports.find((r) => r.id === shown.id);
  return (
    <>
      <h1>Reports</h1>
      <p class="lead">
        Preview any usage report for any user or account and any period, rendered exactly as its
        email is. Empty period: the last complete one on the owner's clock.
      </p>
      {reports.length === 0 ? (
        <p>No report is defined in cairn.yaml (`reports:`).</p>
      ) : (
        <form
          class="controls"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen && owner) setShown({ id: chosen.id, owner, period });
          }}
        >
          <label class="control">
            Report{' '}
            <select
              value={chosen?.id}
              onChange={(e) => setReportId((e.target as HTMLSelectElement).value)}
            >
              {reports.map((r) => (
                <option value={r.id} key={r.id}>
                  {r.name} ({r.unit}, {r.period})
                </option>
              ))}
            </select>
          </label>
          <label class="control">
            {chosen?.unit === 'account' ? 'Account id' : 'User id'}{' '}
            <input
              name="owner"
              required
              value={owner}
              onInput={(e) => setOwner((e.target as HTMLInputElement).value)}
            />
          </label>
          <label class="control">
            A day in the period{' '}
            <input
              type="date"
              name="period"
              value={period}
              onInput={(e) => setPeriod((e.target as HTMLInputElement).value)}
            />
          </label>
          <button type="submit">Preview</button>
        </form>
      )}
      {shown && shownReport && (
        <ReportPreview
          key={`${shown.id}/${shown.owner}/${shown.period}`}
          report={shownReport}
          owner={shown.owner}
          period={shown.period}
        />
      )}
      <DataTable
        label="Reports of cairn.yaml"
        columns={[
          'Report',
          'For',
          'Period',
          'Schedule',
          'Template',
          'Inactive owners',
          'Held out',
          'Runs as journey',
        ]}
        rows={reports.map((r) => [
          r.name,
          r.unit,
          r.period,
          r.schedule,
          r.template,
          r.inactive === 'skip' ? 'skipped' : r.inactive,
          `${(r.holdout * 100).toFixed(0)} %`,
          <a href={`#/journeys/${encodeURIComponent(r.journey)}`}>{r.journey}</a>,
        ])}
      />
    </>
  );
}
