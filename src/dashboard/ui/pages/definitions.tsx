import { DataTable } from '../charts.js';
import { Status, useApi } from '../use-api.js';

interface Definitions {
  loaded: { file: string; version: string } | null;
  onDisk: { valid: boolean; version?: string; errors: string[] } | null;
  counts?: Record<string, number>;
  definitions?: { journeys?: Record<string, { steps?: unknown[] }> };
}

function templatesOf(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) templatesOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'send') {
        if (typeof v === 'string') out.add(v);
        else if (
          v &&
          typeof v === 'object' &&
          typeof (v as { template?: unknown }).template === 'string'
        )
          out.add((v as { template: string }).template);
      } else templatesOf(v, out);
    }
  }
  return out;
}

export function DefinitionsPage() {
  const { data, error } = useApi<[Definitions]>('/dashboard/definitions');
  if (!data) return <Status error={error} />;
  const d = data[0];
  if (!d.loaded) return <p>No cairn.yaml is loaded (start with --config cairn.yaml).</p>;
  const templates = [...templatesOf(d.definitions?.journeys, new Set())].sort();
  return (
    <>
      <h1>Definitions</h1>
      <dl class="facts">
        <dt>File</dt>
        <dd>{d.loaded.file}</dd>
        <dt>Version in force</dt>
        <dd>{d.loaded.version}</dd>
        <dt>File on disk now</dt>
        <dd>
          {d.onDisk?.valid
            ? d.onDisk.version === d.loaded.version
              ? 'valid, the version in force'
              : `valid, version ${d.onDisk.version} (loading)`
            : 'INVALID: the version in force stays until it is fixed'}
        </dd>
      </dl>
      {d.onDisk && !d.onDisk.valid && (
        <section class="card" aria-label="Validation errors">
          <h2>Validation errors</h2>
          <ul class="errors">
            {d.onDisk.errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </section>
      )}
      <DataTable
        label="What the definitions declare"
        columns={['Section', 'Entries']}
        rows={Object.entries(d.counts ?? {}).map(([k, n]) => [k, n])}
      />
      <section class="card" aria-label="Templates">
        <h2>Templates the journeys send</h2>
        <ul class="templates">
          {templates.map((t) => (
            <li key={t}>
              <code>{t}</code>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
