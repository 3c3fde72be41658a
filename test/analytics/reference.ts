/**
 * Independent reference computations for the analytics tests: plain loops over the raw rows of
 * the event log and the delivery log, written without calling (or copying) src/analytics. Where
 * a definition must match (weeks, quantiles, Wilson), it is re-implemented here from its
 * textbook form.
 */
import type { StoredEvent } from '../../src/core/types.js';
import type { MessageRecord, Store } from '../../src/store/store.js';

const DAY = 86_400_000;

export async function allEvents(store: Store): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await store.readEvents(after, 5000);
    if (!page.length) return out;
    out.push(...page);
    after = page[page.length - 1].seq;
  }
}

export async function allMessages(store: Store): Promise<MessageRecord[]> {
  const out: MessageRecord[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.listMessages({}, { limit: 500, after: cursor });
    out.push(...page.items);
    if (!page.next) return out;
    cursor = page.next;
  }
}

export function wilson(k: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const mid = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, (mid - spread) / denom), Math.min(1, (mid + spread) / denom)];
}

/** Type-7 quantile, written from its definition. */
export function refQuantile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const below = Math.floor(pos);
  const above = below + 1 < s.length ? below + 1 : below;
  return s[below] * (1 - (pos - below)) + s[above] * (pos - below);
}

/** Monday 00:00 UTC of the week of `ms`. */
export function mondayOf(ms: number): number {
  const d = new Date(ms);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const back = (d.getUTCDay() + 6) % 7;
  return midnight - back * DAY;
}

export interface RefUser {
  id: string;
  signupAt: number;
  activatedAt: number | null;
  persona: string | null;
  milestones: Map<string, number>;
}

/** Signed-up users: identified profiles with a `Signed Up`, and their engine-recorded state. */
export function refUsers(events: StoredEvent[]): Map<string, RefUser> {
  const users = new Map<string, RefUser>();
  for (const e of events) {
    if (e.source === 'internal' || e.type !== 'track' || e.event !== 'Signed Up') continue;
    if (e.profileId.startsWith('anon:')) continue;
    const u = users.get(e.profileId);
    if (!u)
      users.set(e.profileId, {
        id: e.profileId,
        signupAt: e.timestamp,
        activatedAt: null,
        persona: null,
        milestones: new Map(),
      });
    else if (e.timestamp < u.signupAt) u.signupAt = e.timestamp;
  }
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (e.source !== 'internal') continue;
    const u = users.get(e.profileId);
    if (!u) continue;
    if (e.event === 'Activated') u.activatedAt = e.properties.activatedAt as number;
    if (e.event === 'Persona Changed' && e.properties.dimension === 'path')
      u.persona = e.properties.to as string | null;
    if (e.event === 'Milestone Reached')
      u.milestones.set(e.properties.milestone as string, e.properties.reachedAt as number);
  }
  return users;
}

const NOT_ACTIVITY = new Set([
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

/** Meaningful activity days per profile: track calls of the product, not logins or signup. */
export function refActivityDays(events: StoredEvent[]): Map<string, Set<number>> {
  const days = new Map<string, Set<number>>();
  for (const e of events) {
    if (e.source === 'internal' || e.type !== 'track' || e.event === null) continue;
    if (NOT_ACTIVITY.has(e.event)) continue;
    if (/^Viewed .* (Page|Screen)$/.test(e.event)) continue;
    let set = days.get(e.profileId);
    if (!set) days.set(e.profileId, (set = new Set()));
    set.add(Math.floor(e.timestamp / DAY));
  }
  return days;
}

/** Activity names per profile in [from, to) (track events by name, pages as Viewed X Page). */
export function refNames(
  events: StoredEvent[],
  from: number,
  to: number,
): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.source === 'internal' || e.timestamp < from || e.timestamp >= to) continue;
    let name: string | null = null;
    if (e.type === 'track') name = e.event;
    if (e.type === 'page') name = e.event ? `Viewed ${e.event} Page` : 'Loaded a Page';
    if (name === null) continue;
    let set = names.get(e.profileId);
    if (!set) names.set(e.profileId, (set = new Set()));
    set.add(name);
  }
  return names;
}

export function meaningful(name: string): boolean {
  return (
    !NOT_ACTIVITY.has(name) && !/^Viewed .* (Page|Screen)$/.test(name) && name !== 'Loaded a Page'
  );
}

/** The first identify call per profile whose `plan` is one of `values`. */
export function refConversions(events: StoredEvent[], values: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'identify') continue;
    const plan = e.traits.plan;
    if (typeof plan !== 'string' || !values.includes(plan)) continue;
    const seen = out.get(e.profileId);
    if (seen === undefined || e.timestamp < seen) out.set(e.profileId, e.timestamp);
  }
  return out;
}

/** Stage per profile at `at`, from the recorded Stage Changed events of one kind. */
export function refStagesAt(events: StoredEvent[], kind: string, at: number): Map<string, number> {
  const last = new Map<string, { at: number; seq: number; to: string | null }>();
  for (const e of events) {
    if (e.source !== 'internal' || e.event !== 'Stage Changed' || e.properties.kind !== kind)
      continue;
    if (e.timestamp > at) continue;
    const prev = last.get(e.profileId);
    if (!prev || e.timestamp > prev.at || (e.timestamp === prev.at && e.seq > prev.seq)) {
      last.set(e.profileId, { at: e.timestamp, seq: e.seq, to: e.properties.to as string | null });
    }
  }
  const counts = new Map<string, number>();
  for (const { to } of last.values()) if (to !== null) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}
