import { useState } from 'preact/hooks';
import { dateTime } from '../api.js';
import { DataTable } from '../charts.js';
import { Status, useApi } from '../use-api.js';
import { ProgressSection } from './progress.js';

interface Profile {
  id: string;
  userId: string | null;
  traits: Record<string, unknown>;
  firstSeen: string;
  lastSeen: string;
  activeDays: number;
  accountIds: string[];
}
interface Event {
  seq: number;
  type: string;
  event: string | null;
  timestamp: string;
  properties: Record<string, unknown>;
  source: string;
}
interface StateReason {
  answer?: unknown;
  facts?: string[];
}
interface State {
  activation?: { status: string; at: string | null; deadline: string | null };
  milestones?: Record<string, { at: string; event: string }>;
  personas?: Record<string, StateReason>;
  lifecycle?: StateReason;
  engagement?: StateReason;
  score?: { now: number };
  segments?: Record<string, StateReason>;
}
interface Run {
  id: string;
  journeyId: string;
  status: string;
  heldOut: boolean;
  enteredAt: string;
  history: { at: string; stepId: string | null; outcome: string; detail: string | null }[];
}
interface Message {
  id: string;
  template: string;
  channel: string;
  state: string;
  journeyId: string | null;
  createdAt: string;
  reason: string | null;
}

const FILTER_WORDS: Record<string, string> = {
  segment: 'in segment',
  persona: 'persona',
  milestone: 'reached',
  activated: 'activated',
  signedUpFrom: 'signed up from',
  signedUpTo: 'signed up before',
  activeFrom: 'active from',
  activeTo: 'active through',
  activity: 'counting as activity',
  journey: 'with a run of journey',
  step: 'step',
  stepState: 'the run',
};
const VALUE_WORDS: Record<string, string> = {
  'stepState=reached': 'reached it',
  'stepState=at': 'is waiting at it now',
  'stepState=passed': 'went past it',
};

/** What a list of the users behind a signals number shows (`of`: the analysis that formed it). */
function analysisWords(of: string, filters: URLSearchParams): string {
  const days = filters.get('days') ?? '30';
  if (of === 'signal') {
    const met = filters.get('group') === 'matched' ? 'met' : 'did not meet';
    return `the users who ${met} the 48-hour split's rule (population of day ${days})`;
  }
  const share = Math.round(Number(filters.get('share') ?? '0.2') * 100);
  const units = filters.get('unit') === 'accounts' ? 'accounts' : 'users';
  return `the ${units} holding ${filters.get('row') ?? ''} in the ${filters.get('side') ?? ''} ${share} % by ${filters.get('outcome') ?? 'retained'} at day ${days}`;
}

interface AccountRow {
  id: string;
  traits: Record<string, unknown>;
  memberCount: number;
  firstSeen: string;
  lastSeen: string;
}

/** The accounts behind an audit by account's count (`#/users?of=audit&unit=accounts&…`). */
function AuditAccounts(props: { filters: URLSearchParams }) {
  const [after, setAfter] = useState<string[]>([]);
  const params = new URLSearchParams(props.filters);
  params.delete('of');
  params.set('limit', '50');
  if (after.length) params.set('after', after[after.length - 1]!);
  const { data, error } = useApi<
    [{ items: AccountRow[]; next: string | null; total: number; computedAt?: string; stale?: true }]
  >(`/api/analytics/audit/accounts?${params.toString()}`);
  return (
    <>
      <h1>Users and accounts</h1>
      <p class="notice" role="status">
        Showing the accounts behind a number: {analysisWords('audit', props.filters)}
        {data ? ` — ${data[0].total} accounts` : ''}
        {data?.[0].computedAt ? `, computed at ${dateTime(data[0].computedAt)}` : ''}
        {data?.[0].stale ? ' — updating…' : ''}. <a href="#/users">Show everyone</a>
      </p>
      {!data ? (
        <Status error={error} />
      ) : (
        <>
          <DataTable
            label="Accounts"
            columns={['Account', 'Members', 'First seen', 'Last seen', 'Traits']}
            rows={data[0].items.map((a) => [
              <a href={`#/accounts/${encodeURIComponent(a.id)}`}>{a.id}</a>,
              a.memberCount,
              dateTime(a.firstSeen),
              dateTime(a.lastSeen),
              JSON.stringify(a.traits).slice(0, 160),
            ])}
          />
          <Pager after={after} next={data[0].next} setAfter={setAfter} />
        </>
      )}
    </>
  );
}

/**
 * The user list: a search, and the filters a linked number brings (`#/users?…`). With `of`
 * (signal or audit) the list is the users of a signals group, from that analysis's own route.
 */
export function Users(props: { filters: string }) {
  const filters = new URLSearchParams(props.filters);
  const of = filters.get('of');
  if (of === 'audit' && filters.get('unit') === 'accounts')
    return <AuditAccounts key={props.filters} filters={filters} />;
  return <UserList filters={filters} of={of} />;
}

function UserList(props: { filters: URLSearchParams; of: string | null }) {
  const { filters, of } = props;
  const analysis = of === 'signal' || of === 'audit' ? of : null;
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [after, setAfter] = useState<string[]>([]);
  const params = new URLSearchParams(filters);
  params.delete('of');
  params.set('limit', '50');
  if (submitted) params.set('query', submitted);
  if (after.length) params.set('after', after[after.length - 1]!);
  const { data, error } = useApi<
    [{ items: Profile[]; next: string | null; total?: number; computedAt?: string; stale?: true }]
  >(
    analysis
      ? `/api/analytics/${analysis}/users?${params.toString()}`
      : `/api/users?${params.toString()}`,
  );
  const described = analysis
    ? [analysisWords(analysis, filters)]
    : [...filters].map(([k, v]) => `${FILTER_WORDS[k] ?? k} ${VALUE_WORDS[`${k}=${v}`] ?? v}`);
  return (
    <>
      <h1>Users and accounts</h1>
      {described.length > 0 && (
        <p class="notice" role="status">
          Showing the users behind a number: {described.join('; ')}
          {data?.[0].total !== undefined ? ` — ${data[0].total} users` : ''}
          {data?.[0].computedAt ? `, computed at ${dateTime(data[0].computedAt)}` : ''}
          {data?.[0].stale ? ' — updating…' : ''}. <a href="#/users">Show everyone</a>
        </p>
      )}
      {!analysis && (
        <form
          class="controls"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setAfter([]);
            setSubmitted(query);
          }}
        >
          <label class="control">
            Search users{' '}
            <input
              type="search"
              value={query}
              onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
              placeholder="id, email or name"
            />
          </label>
          <button type="submit">Search</button>
        </form>
      )}
      {!data ? (
        <Status error={error} />
      ) : (
        <>
          <DataTable
            label="Users"
            columns={['User', 'Email', 'First seen', 'Last seen', 'Active days', 'Accounts']}
            rows={data[0].items.map((p) => [
              <a href={`#/users/${encodeURIComponent(p.userId ?? p.id)}`}>{p.userId ?? p.id}</a>,
              String(p.traits.email ?? ''),
              dateTime(p.firstSeen),
              dateTime(p.lastSeen),
              p.activeDays,
              p.accountIds.map((a) => (
                <a key={a} href={`#/accounts/${encodeURIComponent(a)}`}>
                  {a}{' '}
                </a>
              )),
            ])}
          />
          <Pager after={after} next={data[0].next} setAfter={setAfter} />
        </>
      )}
    </>
  );
}

function Reason(props: { label: string; reason: StateReason | undefined }) {
  if (!props.reason) return null;
  return (
    <li>
      <strong>{props.label}:</strong> {String(props.reason.answer ?? '—')}
      {props.reason.facts?.length ? (
        <details>
          <summary>why</summary>
          <ul>
            {props.reason.facts.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

export function UserProfile(props: { id: string }) {
  const id = encodeURIComponent(props.id);
  const { data, error } = useApi<
    [Profile & { events: Event[] }, State, { items: Run[] }, { items: Message[] }]
  >(
    `/api/users/${id}`,
    `/api/users/${id}/state`,
    `/api/users/${id}/journeys`,
    `/api/messages?userId=${id}`,
  );
  if (!data) return <Status error={error} />;
  const [profile, state, runs, messages] = data;
  const changes = profile.events.filter((e) => e.source === 'internal');
  return (
    <>
      <h1>User {profile.userId ?? profile.id}</h1>
      <section class="card" aria-label="Profile">
        <h2>Profile</h2>
        <dl class="facts">
          {Object.entries(profile.traits).map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
            </>
          ))}
          <dt>First seen</dt>
          <dd>{dateTime(profile.firstSeen)}</dd>
          <dt>Accounts</dt>
          <dd>
            {profile.accountIds.map((a) => (
              <a key={a} href={`#/accounts/${encodeURIComponent(a)}`}>
                {a}{' '}
              </a>
            ))}
          </dd>
        </dl>
      </section>
      <section class="card" aria-label="State">
        <h2>State and why</h2>
        <ul class="reasons">
          <li>
            <strong>Activation:</strong> {state.activation?.status ?? '—'}{' '}
            {state.activation?.at ? `at ${dateTime(state.activation.at)}` : ''}
          </li>
          <li>
            <strong>Milestones:</strong>{' '}
            {Object.entries(state.milestones ?? {})
              .map(([m, v]) => `${m} (${dateTime(v.at)})`)
              .join(', ') || 'none'}
          </li>
          {Object.entries(state.personas ?? {}).map(([k, r]) => (
            <Reason key={k} label={`Persona ${k}`} reason={r} />
          ))}
          <Reason label="Lifecycle" reason={state.lifecycle} />
          <Reason label="Engagement" reason={state.engagement} />
          <li>
            <strong>Score:</strong> {state.score ? state.score.now.toFixed(1) : '—'}
          </li>
        </ul>
      </section>
      <ProgressSection unit="users" id={props.id} />
      <section class="card" aria-label="State changes">
        <h2>State changes</h2>
        <DataTable
          label="State changes"
          columns={['When', 'Change', 'Details']}
          rows={changes.map((e) => [
            dateTime(e.timestamp),
            e.event,
            JSON.stringify(e.properties).slice(0, 240),
          ])}
        />
      </section>
      <section class="card" aria-label="Journeys">
        <h2>Journeys</h2>
        <DataTable
          label="Journey runs"
          columns={['Journey', 'Status', 'Arm', 'Entered', 'Steps']}
          rows={runs.items.map((r) => [
            r.journeyId,
            r.status,
            r.heldOut ? 'held out' : 'treated',
            dateTime(r.enteredAt),
            r.history
              .map(
                (h) =>
                  `${h.outcome}${h.stepId ? ` ${h.stepId}` : ''}${h.detail ? ` (${h.detail})` : ''}`,
              )
              .join(' → '),
          ])}
        />
      </section>
      <section class="card" aria-label="Messages">
        <h2>Messages</h2>
        <DataTable
          label="Messages to this user"
          columns={['Created', 'Template', 'Channel', 'State', 'Journey']}
          rows={messages.items.map((m) => [
            dateTime(m.createdAt),
            <a href={`#/messages/${encodeURIComponent(m.id)}`}>{m.template}</a>,
            m.channel,
            m.state,
            m.journeyId ?? '',
          ])}
        />
      </section>
      <section class="card" aria-label="Timeline">
        <h2>Timeline of events</h2>
        <DataTable
          label="Events, newest first"
          columns={['When', 'Type', 'Event', 'Properties']}
          rows={profile.events.map((e) => [
            dateTime(e.timestamp),
            e.type,
            e.event ?? '',
            JSON.stringify(e.properties).slice(0, 160),
          ])}
        />
      </section>
    </>
  );
}

export function AccountView(props: { id: string }) {
  const { data, error } = useApi<
    [
      {
        id: string;
        traits: Record<string, unknown>;
        memberCount: number;
        members: { items: { profileId: string; joinedAt: string }[] };
      },
    ]
  >(`/api/accounts/${encodeURIComponent(props.id)}`);
  if (!data) return <Status error={error} />;
  const a = data[0];
  return (
    <>
      <h1>Account {a.id}</h1>
      <p class="lead">
        {a.memberCount} members. Traits: {JSON.stringify(a.traits)}
      </p>
      <ProgressSection unit="accounts" id={a.id} />
      <h2>Members</h2>
      <DataTable
        label="Members"
        columns={['Member', 'Joined']}
        rows={a.members.items.map((m) => [
          <a href={`#/users/${encodeURIComponent(m.profileId)}`}>{m.profileId}</a>,
          dateTime(m.joinedAt),
        ])}
      />
    </>
  );
}

/** Previous and next page of a cursor-paged list: `after` holds the cursors of the pages seen. */
function Pager(props: {
  after: string[];
  next: string | null | undefined;
  setAfter: (after: string[]) => void;
}) {
  const { after, next, setAfter } = props;
  return (
    <div class="controls">
      {after.length > 0 && (
        <button type="button" onClick={() => setAfter(after.slice(0, -1))}>
          Previous page
        </button>
      )}
      {next && (
        <button type="button" onClick={() => setAfter([...after, next])}>
          Next page
        </button>
      )}
    </div>
  );
}
