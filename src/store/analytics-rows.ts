import type { Json } from '../core/types.js';
import type { AnalyticsUserParts, AnalyticsUserRow, FirstTouch } from './analytics-store.js';

/** What every analytics user row holds, whole or narrow: times and the activation. */
interface RawUserCore {
  id: string;
  firstSeen: number | string;
  signupAt: number | string | null;
  signupEventAt: number | string | null;
  activationStatus: string | null;
  activatedAt: number | string | null;
  milestones: string | Record<string, unknown> | null;
  trait: Json | null;
  accountTrait: Json | null;
  conversionEventAt: number | string | null;
}

/** An analytics user row as either adapter returns it: JSON as text (SQLite) or parsed (pg). */
export interface RawAnalyticsUser extends RawUserCore {
  personas: string | Record<string, unknown> | null;
  lifecycle: string | null;
  engagement: string | null;
  firstTouch: string | Record<string, unknown> | null;
  accountId: string | null;
}

/**
 * What many rows share, decoded once per read: personas and first touches repeat across users
 * (a few distinct JSON texts among 100,000 rows). The objects are shared between rows and never
 * written to.
 */
export interface RowMemo {
  personas: Map<string, Record<string, string | null>>;
  firstTouch: Map<string, FirstTouch | null>;
}

export function rowMemo(): RowMemo {
  return { personas: new Map(), firstTouch: new Map() };
}

function memoized<T>(
  memo: Map<string, T> | undefined,
  value: string | Record<string, unknown> | null,
  decode: (value: string | Record<string, unknown> | null) => T,
): T {
  if (!memo || typeof value !== 'string') return decode(value);
  let out = memo.get(value);
  if (out === undefined) memo.set(value, (out = decode(value)));
  return out;
}

function personasFrom(value: string | Record<string, unknown> | null) {
  const personas = Object.create(null) as Record<string, string | null>;
  for (const [dimension, persona] of Object.entries(parsed(value) ?? {})) {
    personas[dimension] = typeof persona === 'string' ? persona : null;
  }
  return personas;
}

export function analyticsUserFromRow(
  row: RawAnalyticsUser,
  signupEvent: boolean,
  memo?: RowMemo,
): AnalyticsUserRow {
  const firstSeen = Number(row.firstSeen);
  const milestones = Object.create(null) as Record<string, number>;
  for (const [name, at] of Object.entries(parsed(row.milestones) ?? {})) {
    if (typeof at === 'number') milestones[name] = at;
  }
  const personas = memoized(memo?.personas, row.personas, personasFrom);
  const activatedAt = row.activationStatus === 'activated' ? num(row.activatedAt) : null;
  return {
    id: row.id,
    firstSeen,
    signupAt: num(row.signupAt) ?? firstSeen,
    signedUp: signupEvent ? row.signupEventAt !== null : true,
    activatedAt,
    milestones,
    personas,
    lifecycle: row.lifecycle,
    engagement: row.engagement,
    firstTouch: memoized(memo?.firstTouch, row.firstTouch, (v) => firstTouchFrom(parsed(v))),
    accountId: row.accountId,
    trait: row.trait ?? null,
    accountTrait: row.accountTrait ?? null,
    conversionEventAt: num(row.conversionEventAt),
  };
}

function parsed(value: string | Record<string, unknown> | null): Record<string, unknown> | null {
  if (value === null) return null;
  const object = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return object && typeof object === 'object' && !Array.isArray(object)
    ? (object as Record<string, unknown>)
    : null;
}

function num(value: number | string | null): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function firstTouchFrom(object: Record<string, unknown> | null): FirstTouch | null {
  if (!object) return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    source: text(object.source),
    campaign: text(object.campaign),
    medium: text(object.medium),
    referrer: text(object.referrer),
  };
}

/** A narrow analytics user row (`only`), as either adapter returns it; see AnalyticsUserParts. */
export interface RawNarrowUser extends RawUserCore {
  /** `only.persona`'s persona, `only.touch`'s first touch field, `only.stage`'s stage: texts.
   * (`milestones` is null when not asked for.) */
  persona: string | null;
  touch: string | null;
  stage: string | null;
}

/**
 * The decoder of one narrow read: the persona and first touch objects made once per distinct
 * value (a handful among 100,000 rows), shared between rows and never written to.
 */
export function narrowUserDecoder(
  only: AnalyticsUserParts,
  signupEvent: boolean,
): (row: RawNarrowUser) => AnalyticsUserRow {
  const none = Object.freeze(Object.create(null) as Record<string, never>);
  const personas = new Map<string, Record<string, string | null>>();
  const touches = new Map<string, FirstTouch>();
  const personasOf = (persona: string | null) => {
    if (persona === null || only.persona === null) return none;
    let out = personas.get(persona);
    if (!out) {
      out = Object.create(null) as Record<string, string | null>;
      out[only.persona] = persona;
      personas.set(persona, out);
    }
    return out;
  };
  const touchOf = (value: string | null): FirstTouch | null => {
    if (value === null || only.touch === null) return null;
    let out = touches.get(value);
    if (!out) {
      out = { source: null, campaign: null, medium: null, referrer: null };
      out[only.touch] = value;
      touches.set(value, out);
    }
    return out;
  };
  return (row) => {
    const firstSeen = Number(row.firstSeen);
    const milestones = Object.create(null) as Record<string, number>;
    if (only.milestones) {
      for (const [name, at] of Object.entries(parsed(row.milestones) ?? {})) {
        if (typeof at === 'number') milestones[name] = at;
      }
    }
    return {
      id: row.id,
      firstSeen,
      signupAt: num(row.signupAt) ?? firstSeen,
      signedUp: signupEvent ? row.signupEventAt !== null : true,
      activatedAt: row.activationStatus === 'activated' ? num(row.activatedAt) : null,
      milestones,
      personas: personasOf(row.persona),
      lifecycle: only.stage === 'lifecycle' ? row.stage : null,
      engagement: only.stage === 'engagement' ? row.stage : null,
      firstTouch: touchOf(row.touch),
      accountId: null,
      trait: row.trait ?? null,
      accountTrait: row.accountTrait ?? null,
      conversionEventAt: num(row.conversionEventAt),
    };
  };
}
