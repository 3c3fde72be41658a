import type { Profile } from '../core/types.js';
import { storableJson } from './safe-json.js';

/**
 * One `profile_facts` row (migration 012): what analytics reads of an identified profile. Both
 * stores write it beside each profile write, from the document in hand: taking the facts out of
 * the stored JSON in SQL (triggers, until migration 027) parsed every profile document again at
 * every write. The JSON columns are JSON text, made storable like the documents themselves.
 */
export interface ProfileFactsRow {
  profileId: string;
  firstSeen: number;
  signupAt: number | null;
  activationStatus: string | null;
  activatedAt: number | null;
  /** Milestone name → time reached. */
  milestones: string;
  /** Persona dimension → current persona. */
  personas: string;
  lifecycle: string | null;
  engagement: string | null;
  /** The first touch, as stored on the profile. */
  firstTouch: string | null;
  accountId: string | null;
  /** Event name → first time. */
  firsts: string;
}

/** The table's columns after its key, in the order of `pushFactsValues`. */
const FACTS = [
  'first_seen',
  'signup_at',
  'activation_status',
  'activated_at',
  'milestones',
  'personas',
  'lifecycle',
  'engagement',
  'first_touch',
  'account_id',
  'firsts',
] as const;

/** The table's columns, in the order of `pushFactsValues`. */
export const FACT_COLUMNS = ['profile_id', ...FACTS].join(', ');

/** An upsert's `DO UPDATE SET` of every fact. */
export const FACTS_FROM_EXCLUDED = FACTS.map((c) => `${c} = excluded.${c}`).join(', ');

/** The facts as a row value, of the table (`prefix` its alias and a dot, or '') or `excluded.`:
 * an upsert leaves a row as it is unless the two differ. */
export const factsRow = (prefix: string) => `(${FACTS.map((c) => prefix + c).join(', ')})`;

/** A row's values in the order of FACT_COLUMNS, appended to `out`. */
export function pushFactsValues(out: unknown[], f: ProfileFactsRow): void {
  out.push(
    f.profileId,
    f.firstSeen,
    f.signupAt,
    f.activationStatus,
    f.activatedAt,
    f.milestones,
    f.personas,
    f.lifecycle,
    f.engagement,
    f.firstTouch,
    f.accountId,
    f.firsts,
  );
}

/** The facts of a profile; null for one that is not identified (it has no row). */
export function profileFacts(profile: Profile): ProfileFactsRow | null {
  if (profile.userId === null) return null;
  const state = profile.state as Record<string, unknown>;
  const activation = record(state.activation);
  return {
    profileId: profile.id,
    firstSeen: profile.firstSeen,
    signupAt: number(state.signupAt),
    activationStatus: text(activation?.status),
    activatedAt: number(activation?.at),
    milestones: fieldOfEach(state.milestones, 'at'),
    personas: fieldOfEach(state.personas, 'persona'),
    lifecycle: text(record(state.lifecycle)?.stage),
    engagement: text(record(state.engagement)?.stage),
    firstTouch: profile.firstTouch == null ? null : storableJson(profile.firstTouch),
    accountId: text(profile.accounts[0]),
    firsts: fieldOfEach(profile.counters, 'first'),
  };
}

/** `{key: value[field]}` for each entry of an object (`{}` when it is not one), as JSON. */
function fieldOfEach(value: unknown, field: string): string {
  const out: Record<string, unknown> = Object.create(null);
  const entries = record(value);
  if (entries) {
    for (const key of Object.keys(entries)) out[key] = record(entries[key])?.[field] ?? null;
  }
  return storableJson(out);
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A time: integer milliseconds, as the INTEGER / bigint columns hold them. */
function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
