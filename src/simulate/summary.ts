import type { Profile } from '../core/types.js';
import { readUserState } from '../engine/state/index.js';
import type { Store } from '../store/store.js';
import { DAY, type Population } from './population.js';
import { readAll } from './read-all.js';

export interface SimulationSummary {
  /** Profiles in the store. */
  users: number;
  /** Accounts with at least one member in the store. */
  accounts: number;
  /** Events in the log (the population's, engagement and consent events, state changes). */
  events: number;
  /** Events the simulation handed to Cairn (duplicates of an earlier run included). */
  submitted: number;
  /** Messages by channel, then by state. */
  messages: Record<string, Record<string, number>>;
  /** Per path persona (Cairn's, `none` without one): users whose activation is decided, activated. */
  activation: Record<string, { decided: number; activated: number; rate: number | null }>;
  /** First users whose trial is over, and of them the ones on a paid plan. */
  conversion: { trialsEnded: number; paid: number; rate: number | null };
  /** Users who signed up 30 days or more before the end, and of them those who logged in on or
   * after their 30th day. */
  activeAtD30: { eligible: number; active: number; rate: number | null };
}

const PAID = new Set(['pro', 'team', 'business']);

/** The run's numbers, read back from the store (what Cairn recorded, not what was planned). */
export async function summarize(
  store: Store,
  population: Population,
  submitted: number,
  end: number,
  trial = 14 * DAY,
): Promise<SimulationSummary> {
  const profiles = await readAll((page) => store.searchProfiles(page));
  const messages: Record<string, Record<string, number>> = {};
  for (const message of await readAll((page) => store.listMessages({}, page))) {
    const byState = (messages[message.channel] ??= {});
    byState[message.state] = (byState[message.state] ?? 0) + 1;
  }
  const activation: SimulationSummary['activation'] = {};
  const accounts = new Set<string>();
  const conversion = { trialsEnded: 0, paid: 0, rate: null as number | null };
  const d30 = { eligible: 0, active: 0, rate: null as number | null };
  for (const profile of profiles) {
    for (const id of profile.accounts) accounts.add(id);
    const state = readUserState(profile.state);
    const path = state.personas.path?.persona ?? 'none';
    const row = (activation[path] ??= { decided: 0, activated: 0, rate: null });
    if (state.activation && state.activation.status !== 'pending') {
      row.decided += 1;
      if (state.activation.status === 'activated') row.activated += 1;
    }
    const signup = state.signupAt ?? profile.firstSeen;
    const person = population.byId.get(profile.id);
    if (person?.first && signup + trial <= end) {
      conversion.trialsEnded += 1;
      if (isPaid(profile)) conversion.paid += 1;
    }
    if (signup + 30 * DAY <= end) {
      d30.eligible += 1;
      const login = profile.counters['Logged In'];
      if (login && login.last >= signup + 30 * DAY) d30.active += 1;
    }
  }
  for (const row of Object.values(activation)) row.rate = ratio(row.activated, row.decided);
  conversion.rate = ratio(conversion.paid, conversion.trialsEnded);
  d30.rate = ratio(d30.active, d30.eligible);
  return {
    users: profiles.length,
    accounts: accounts.size,
    events: await store.countEvents(),
    submitted,
    messages,
    activation,
    conversion,
    activeAtD30: d30,
  };
}

function isPaid(profile: Profile): boolean {
  return typeof profile.traits.plan === 'string' && PAID.has(profile.traits.plan);
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

const pct = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)} %`);

/** The summary as a plain-text table for the terminal. */
export function formatSummary(summary: SimulationSummary): string {
  const lines: [string, string][] = [
    ['users', String(summary.users)],
    ['accounts', String(summary.accounts)],
    ['events in the log', String(summary.events)],
    ['events submitted', String(summary.submitted)],
  ];
  for (const [channel, states] of Object.entries(summary.messages).sort()) {
    const parts = Object.entries(states)
      .sort()
      .map(([state, n]) => `${state} ${n}`);
    lines.push([`messages: ${channel}`, parts.join(', ')]);
  }
  for (const [path, row] of Object.entries(summary.activation).sort()) {
    lines.push([`activated: ${path}`, `${pct(row.rate)} (${row.activated} of ${row.decided})`]);
  }
  const { conversion, activeAtD30 } = summary;
  lines.push([
    'trial → paid',
    `${pct(conversion.rate)} (${conversion.paid} of ${conversion.trialsEnded} accounts)`,
  ]);
  lines.push([
    'active at D30',
    `${pct(activeAtD30.rate)} (${activeAtD30.active} of ${activeAtD30.eligible} users)`,
  ]);
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
