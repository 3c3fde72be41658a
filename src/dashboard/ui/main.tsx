import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, dateTime, setCsrfToken } from './api.js';
import { DataTable } from './charts.js';
import { Activation } from './pages/activation.js';
import { DefinitionsPage } from './pages/definitions.js';
import { Journeys } from './pages/journeys.js';
import { MessageView, Messages } from './pages/messages.js';
import { Overview } from './pages/overview.js';
import { Retention } from './pages/retention.js';
import { Signals } from './pages/signals.js';
import { Reports } from './pages/reports.js';
import { AccountView, UserProfile, Users } from './pages/users.js';
import { Status, useApi } from './use-api.js';

interface Session {
  email: string;
  role: 'admin' | 'viewer';
  csrfToken: string;
  now: number;
}

const NAV: [string, string][] = [
  ['overview', 'Overview'],
  ['activation', 'Activation'],
  ['retention', 'Retention'],
  ['signals', 'Signals'],
  ['journeys', 'Journeys'],
  ['users', 'Users and accounts'],
  ['messages', 'Messages'],
  ['reports', 'Reports'],
  ['definitions', 'Definitions'],
];

function useHash(): string[] {
  // `#/users?persona=…`: the part after `?` stays one encoded string (filters for the page).
  const read = () => {
    const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
    return [...path.split('/').map(decodeURIComponent), query];
  };
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const on = () => setParts(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return parts;
}

function CredentialsForm(props: {
  title: string;
  button: string;
  onSubmit: (email: string, password: string) => Promise<void>;
  hint?: string;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <main class="signin">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await props.onSubmit(email, password);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <h1>{props.title}</h1>
        {props.hint && <p class="note">{props.hint}</p>}
        <label>
          Email
          <input
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">{props.button}</button>
      </form>
    </main>
  );
}

function Audit() {
  const { data, error } =
    useApi<
      [{ entries: { id: number; at: number; actor: string; action: string; status: number }[] }]
    >('/dashboard/audit');
  if (!data) return <Status error={error} />;
  return (
    <>
      <h1>Audit log</h1>
      <DataTable
        label="Admin actions, newest first"
        columns={['When', 'Who', 'What', 'Status']}
        rows={data[0].entries.map((e) => [
          dateTime(new Date(e.at).toISOString()),
          e.actor,
          e.action,
          e.status,
        ])}
      />
    </>
  );
}

function Page(props: { parts: string[]; session: Session }) {
  // The last part is the query (filters), the others the path.
  const [page, id] = props.parts.slice(0, -1);
  const query = props.parts[props.parts.length - 1] ?? '';
  const admin = props.session.role === 'admin';
  switch (page) {
    case 'activation':
      return <Activation />;
    case 'retention':
      return <Retention />;
    case 'reports':
      return <Reports />;
    case 'signals':
      return <Signals />;
    // Keyed by what they show: the list's answer is never drawn as one journey (or one user's
    // as another's) while the next answer loads.
    case 'journeys':
      return <Journeys key={id ?? ''} id={id} />;
    case 'users':
      return id ? <UserProfile key={id} id={id} /> : <Users key={query} filters={query} />;
    case 'accounts':
      return id ? <AccountView key={id} id={id} /> : <Users filters="" />;
    case 'messages':
      return id ? <MessageView id={id} admin={admin} /> : <Messages admin={admin} />;
    case 'definitions':
      return <DefinitionsPage />;
    case 'audit':
      return admin ? <Audit /> : <p>Admins only.</p>;
    default:
      return <Overview />;
  }
}

function App() {
  const parts = useHash();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [setupNeeded, setSetupNeeded] = useState(false);
  const load = async () => {
    const s = await api<Session & { signedIn: boolean; setupNeeded?: boolean }>(
      '/dashboard/session',
    );
    setSetupNeeded(s.setupNeeded === true);
    if (s.signedIn) setCsrfToken(s.csrfToken);
    setSession(s.signedIn ? s : null);
  };
  useEffect(() => {
    void load();
  }, []);
  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) {
    if (parts[0] === 'setup' && parts[1]) {
      return (
        <CredentialsForm
          title="Create the first admin"
          button="Create and sign in"
          hint="This one-time link works until the first admin exists. Choose a password of 10 characters or more."
          onSubmit={async (email, password) => {
            await api('/dashboard/setup', {
              method: 'POST',
              body: { token: parts[1], email, password },
            });
            location.hash = '#/overview';
            await load();
          }}
        />
      );
    }
    return (
      <CredentialsForm
        title="Sign in to Cairn"
        button="Sign in"
        hint={
          setupNeeded
            ? 'No team member exists yet: open the set-up link printed by `cairn serve`, or run `cairn users add EMAIL --role admin`.'
            : undefined
        }
        onSubmit={async (email, password) => {
          await api('/dashboard/session', { method: 'POST', body: { email, password } });
          await load();
        }}
      />
    );
  }
  const current = parts[0] || 'overview';
  const nav = session.role === 'admin' ? [...NAV, ['audit', 'Audit log'] as [string, string]] : NAV;
  return (
    <div class="shell">
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Cairn</span>
        <nav aria-label="Pages">
          <ul>
            {nav.map(([key, label]) => (
              <li key={key}>
                <a
                  href={`#/${key}`}
                  aria-current={
                    current === key || (current === 'accounts' && key === 'users')
                      ? 'page'
                      : undefined
                  }
                >
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {session.email} ({session.role}){' '}
          <button
            type="button"
            onClick={async () => {
              await api('/dashboard/session', { method: 'DELETE' });
              setSession(null);
            }}
          >
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Page parts={parts} session={session} />
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
