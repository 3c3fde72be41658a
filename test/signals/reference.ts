/**
 * An independent reference for the signals, written from their definitions (docs/signals.md)
 * over the raw stored rows: the event log, the stored profiles and accounts. It shares no code
 * with src/signals or src/analytics; where both must agree on a convention (UTC days, the names
 * that are not meaningful activity, the tie order), it is restated here.
 */
import type { Account, Profile, StoredEvent } from '../../src/core/types.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
const Z = 1.959963984540054;

/** Not meaningful activity (with page and screen views, and the signup event). */
const NOT_MEANINGFUL = new Set([
  'Logged In',
  'Logged Out',
  'Signed In',
  'Signed Out',
  'Login',
  'Logout',
  'Session Started',
  'Application Opened',
  'Application Backgrounded',
  'Signed Up',
]);

export interface RefUser {
  id: string;
  signup: number;
  cohortDay: number;
  /** Meaningful activity days (UTC). */
  days: Set<number>;
  /** Track events by name → times ascending (non-internal). */
  tracks: Map<string, number[]>;
  /** Tracks, and page and screen views as `Viewed <name> Page|Screen` → times ascending. */
  actions: Map<string, number[]>;
  /** Times of identify calls putting plan in a paid value. */
  paidAt: number | null;
  profile: Profile;
}

const utcDay = (t: number) => Math.floor(t / DAY);

/** Signed-up users (a "Signed Up" event) from the raw rows. */
export function refUsers(events: StoredEvent[], profiles: Profile[], paid: string[]): RefUser[] {
  const byProfile = new Map<string, StoredEvent[]>();
  for (const e of events) {
    const list = byProfile.get(e.profileId) ?? [];
    list.push(e);
    byProfile.set(e.profileId, list);
  }
  const out: RefUser[] = [];
  for (const profile of profiles) {
    if (!profile.userId) continue;
    const mine = byProfile.get(profile.id) ?? [];
    const signups = mine.filter(
      (e) => e.type === 'track' && e.event === 'Signed Up' && e.source !== 'internal',
    );
    if (!signups.length) continue;
    const signup = Math.min(...signups.map((e) => e.timestamp));
    const days = new Set<number>();
    const tracks = new Map<string, number[]>();
    const actions = new Map<string, number[]>();
    let paidAt: number | null = null;
    for (const e of mine) {
      if (e.source === 'internal') continue;
      if (e.type === 'track' && e.event) {
        if (!NOT_MEANINGFUL.has(e.event)) days.add(utcDay(e.timestamp));
        tracks.set(e.event, [...(tracks.get(e.event) ?? []), e.timestamp]);
      }
      const name = actionName(e);
      if (name) actions.set(name, [...(actions.get(name) ?? []), e.timestamp]);
      if (e.type === 'identify' && paid.includes(e.traits.plan as string)) {
        if (paidAt === null || e.timestamp < paidAt) paidAt = e.timestamp;
      }
    }
    for (const list of [...tracks.values(), ...actions.values()]) list.sort((a, b) => a - b);
    out.push({
      id: profile.id,
      signup,
      cohortDay: utcDay(signup),
      days,
      tracks,
      actions,
      paidAt,
      profile,
    });
  }
  return out;
}

/** A product event's name as an action: track name, or the view's `Viewed <name> Page|Screen`. */
export function actionName(e: StoredEvent): string | null {
  if (e.source === 'internal') return null;
  if (e.type === 'track') return e.event || null;
  if (e.type === 'page') return e.event ? `Viewed ${e.event} Page` : 'Loaded a Page';
  if (e.type === 'screen') return e.event ? `Viewed ${e.event} Screen` : 'Loaded a Screen';
  return null;
}

export const eligible = (u: RefUser, n: number, now: number) => (u.cohortDay + n + 1) * DAY <= now;
export const retained = (u: RefUser, n: number) => [...u.days].some((d) => d >= u.cohortDay + n);
export const converted = (u: RefUser, n: number) =>
  u.paidAt !== null && u.paidAt - u.signup <= n * DAY;
export const didWithin = (u: RefUser, names: string[], hours: number, times = 1) =>
  names.reduce(
    (sum, name) =>
      sum + (u.actions.get(name) ?? []).filter((t) => t - u.signup <= hours * HOUR).length,
    0,
  ) >= times;

export function wilson(k: number, n: number): [number, number] {
  const p = k / n;
  const centre = (2 * k + Z * Z) / (2 * (n + Z * Z));
  const half = (Z * Math.sqrt(Z * Z + 4 * n * p * (1 - p))) / (2 * (n + Z * Z));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Newcombe (1998) method 10 for p1 − p2. */
export function newcombe(k1: number, n1: number, k2: number, n2: number): [number, number, number] {
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const [l1, u1] = wilson(k1, n1);
  const [l2, u2] = wilson(k2, n2);
  const d = p1 - p2;
  return [d, d - Math.hypot(p1 - l1, u2 - p2), d + Math.hypot(u1 - p1, p2 - l2)];
}

export function oddsRatio1(a: number, b: number, c: number, d: number): number {
  return ((a + 1) / (b + 1)) * ((d + 1) / (c + 1));
}

export function phiOf(a: number, b: number, c: number, d: number): number {
  return (a * d - b * c) / Math.sqrt((a + b) * (c + d) * (a + c) * (b + d));
}

/**
 * Fisher's exact test, two-sided, by the hypergeometric recurrence P(x+1)/P(x) =
 * (r1−x)(c1−x) / ((x+1)(r2−c1+x+1)), normalised at the end (no factorials).
 */
export function fisher(a: number, b: number, c: number, d: number): number {
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const lo = Math.max(0, c1 - r2);
  const hi = Math.min(r1, c1);
  const weights: number[] = [];
  let logW = 0;
  const logs: number[] = [];
  for (let x = lo; x <= hi; x++) {
    if (x > lo) logW += Math.log(((r1 - x + 1) * (c1 - x + 1)) / (x * (r2 - c1 + x)));
    logs.push(logW);
  }
  const max = Math.max(...logs);
  for (const l of logs) weights.push(Math.exp(l - max));
  const total = weights.reduce((s, w) => s + w, 0);
  const observed = weights[a - lo]!;
  let p = 0;
  for (const w of weights) if (w <= observed * (1 + 1e-7)) p += w;
  return Math.min(1, p / total);
}

export function bh(p: number[]): number[] {
  const m = p.length;
  const idx = p.map((_, i) => i).sort((i, j) => p[i]! - p[j]!);
  const q = new Array<number>(m);
  let min = 1;
  for (let r = m - 1; r >= 0; r--) {
    min = Math.min(min, (p[idx[r]!]! * m) / (r + 1));
    q[idx[r]!] = min;
  }
  return q;
}

/** FNV-1a 32-bit over UTF-16 code units: the documented order among equal scores. */
export function fnv(id: string): number {
  let h = 2166136261;
  for (const ch of id) {
    for (let i = 0; i < ch.length; i++) {
      h = (h ^ ch.charCodeAt(i)) >>> 0;
      h = Number((BigInt(h) * 16777619n) % 4294967296n);
    }
  }
  return h;
}

/** The account's traits by id. */
export function accountMap(accounts: Account[]): Map<string, Account> {
  return new Map(accounts.map((a) => [a.id, a]));
}

/** The audit's top and bottom groups by retention at day n: ranked, ties in FNV-1a order of ids. */
export function auditGroupsByRetention(
  users: RefUser[],
  n: number,
  share: number,
): { top: RefUser[]; bottom: RefUser[] } {
  const ranked = [...users].sort(
    (x, y) =>
      Number(retained(y, n)) - Number(retained(x, n)) ||
      fnv(x.id) - fnv(y.id) ||
      (x.id < y.id ? -1 : 1),
  );
  const size = Math.floor(users.length * share);
  return { top: ranked.slice(0, size), bottom: ranked.slice(ranked.length - size) };
}

/** An audit row as the reference reads it. */
export interface RefAuditRow {
  kind: string;
  attribute: string;
  value: unknown;
  key: string;
}

/** Whether a user holds an audit row's attribute (behaviors: done within the first 7 days). */
export function holdsAttribute(
  u: RefUser,
  row: RefAuditRow,
  accountOf: ReadonlyMap<string, Account>,
): boolean {
  const p = u.profile;
  const byMedian = row.key.includes('>=');
  const test = (v: unknown) =>
    byMedian ? typeof v === 'number' && v >= (row.value as number) : v === row.value;
  switch (row.kind) {
    case 'trait':
      return test(p.traits[row.attribute]);
    case 'account':
      return p.accounts.length > 0 && test(accountOf.get(p.accounts[0]!)?.traits[row.attribute]);
    case 'answer':
      return (
        ((p.state.answers as Record<string, { value: string }> | undefined)?.[row.attribute]
          ?.value ?? null) === row.value
      );
    case 'first_touch':
      return (
        (p.firstTouch as unknown as Record<string, unknown> | undefined)?.[row.attribute] ===
        row.value
      );
    case 'behavior':
      return didWithin(u, [row.attribute], 7 * 24);
  }
  return false;
}

/** The example workspace's meaningful first actions (its `meaningful_first_48h` segment) and
 * paid plans, restated from examples/saas/cairn.yaml for the simulated population's tests. */
export const MEANINGFUL = [
  'Data Source Connected',
  'Report Created',
  'Project Created',
  'Task Created',
  'Teammate Invited',
  'Integration Configured',
  'Workflow Created',
  'Dashboard Created',
];
export const PAID = ['pro', 'team', 'business'];
