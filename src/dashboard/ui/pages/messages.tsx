import { useState } from 'preact/hooks';
import { api, dateTime } from '../api.js';
import { DataTable } from '../charts.js';
import { Status, useApi } from '../use-api.js';

interface Message {
  id: string;
  userId: string | null;
  journeyId: string | null;
  stepId: string | null;
  channel: string;
  template: string;
  state: string;
  reason: string | null;
  attempts: number;
  createdAt: string;
  payload?: unknown;
}

const STATES = [
  '',
  'queued',
  'deferred',
  'sending',
  'retrying',
  'sent',
  'failed',
  'dead',
  'suppressed',
  'capped',
  'held_out',
];

export function Messages(props: { admin: boolean }) {
  const [state, setState] = useState('');
  const [journey, setJourney] = useState('');
  const [user, setUser] = useState('');
  const [channel, setChannel] = useState('');
  const [template, setTemplate] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const params = new URLSearchParams({ limit: '100' });
  if (state) params.set('state', state);
  if (journey) params.set('journey', journey);
  if (user) params.set('userId', user);
  const { data, error, reload } = useApi<[{ items: Message[] }]>(`/api/messages?${params}`);
  const items = (data?.[0].items ?? []).filter(
    (m) => (!channel || m.channel === channel) && (!template || m.template.includes(template)),
  );
  const retry = async (id: string) => {
    try {
      await api(`/api/messages/${encodeURIComponent(id)}/retry`, { method: 'POST' });
      setNotice(`Message ${id} is queued again.`);
      reload();
    } catch (e) {
      setNotice(`Retry refused: ${(e as Error).message}`);
    }
  };
  const text = (label: string, value: string, set: (v: string) => void) => (
    <label class="control">
      {label} <input value={value} onChange={(e) => set((e.target as HTMLInputElement).value)} />
    </label>
  );
  return (
    <>
      <h1>Messages</h1>
      <div class="controls">
        <label class="control">
          State{' '}
          <select value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)}>
            {STATES.map((s) => (
              <option value={s} key={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label class="control">
          Channel{' '}
          <select
            value={channel}
            onChange={(e) => setChannel((e.target as HTMLSelectElement).value)}
          >
            <option value="">any</option>
            <option value="email">email</option>
            <option value="inapp">in-app</option>
            <option value="webhook">webhook</option>
          </select>
        </label>
        {text('Template', template, setTemplate)}
        {text('Journey', journey, setJourney)}
        {text('User', user, setUser)}
      </div>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {!data ? (
        <Status error={error} />
      ) : (
        <DataTable
          label="Delivery log"
          columns={['Created', 'User', 'Template', 'Channel', 'Journey', 'State', 'Attempts', '']}
          rows={items.map((m) => [
            dateTime(m.createdAt),
            m.userId ? <a href={`#/users/${encodeURIComponent(m.userId)}`}>{m.userId}</a> : '',
            <a href={`#/messages/${encodeURIComponent(m.id)}`}>{m.template}</a>,
            m.channel,
            m.journeyId ?? '',
            `${m.state}${m.reason ? ` (${m.reason})` : ''}`,
            m.attempts,
            props.admin && (m.state === 'failed' || m.state === 'dead') ? (
              <button type="button" onClick={() => retry(m.id)}>
                Retry
              </button>
            ) : (
              ''
            ),
          ])}
        />
      )}
    </>
  );
}

export function MessageView(props: { id: string; admin: boolean }) {
  const { data, error } = useApi<[Message]>(`/api/messages/${encodeURIComponent(props.id)}`);
  const [preview, setPreview] = useState<{ html?: string; subject?: string; text?: string } | null>(
    null,
  );
  const [previewError, setPreviewError] = useState<string | null>(null);
  if (!data) return <Status error={error} />;
  const m = data[0];
  const render = async () => {
    try {
      const body = m.userId ? { userId: m.userId } : {};
      setPreview(
        await api(`/api/templates/${encodeURIComponent(m.template)}/preview`, {
          method: 'POST',
          body,
        }),
      );
    } catch (e) {
      setPreviewError((e as Error).message);
    }
  };
  return (
    <>
      <h1>Message {m.template}</h1>
      <dl class="facts">
        <dt>State</dt>
        <dd>{m.state}</dd>
        <dt>User</dt>
        <dd>{m.userId}</dd>
        <dt>Journey</dt>
        <dd>
          {m.journeyId} {m.stepId}
        </dd>
        <dt>Created</dt>
        <dd>{dateTime(m.createdAt)}</dd>
      </dl>
      <button type="button" onClick={render}>
        Render preview
      </button>
      {previewError && (
        <p class="error" role="alert">
          {previewError}
        </p>
      )}
      {preview && (
        <section class="card" aria-label="Preview">
          <h2>{preview.subject ?? 'Preview'}</h2>
          {preview.html ? (
            <iframe title="Rendered message" sandbox="" srcdoc={preview.html} class="preview" />
          ) : (
            <pre>{preview.text ?? JSON.stringify(preview, null, 2)}</pre>
          )}
        </section>
      )}
      <details>
        <summary>Stored payload</summary>
        <pre>{JSON.stringify(m.payload, null, 2)}</pre>
      </details>
    </>
  );
}
