import type { Json } from '../core/types.js';
import type { AnalyticsUserRow, FirstTouch } from './analytics-store.js';

/** An analytics user row as either adapter returns it: JSON as text (SQLite) or parsed (pg). */
export interface RawAnalyticsUser {
  id: string;
  firstSeen: number | string;
  signupAt: number | string | null;
  signupEventAt: number | string | null;
  activationStatus: string | null;
  activatedAt: number | string | null;
  milestones: string | Record<string, unknown> | null;
  personas: string | Record<string, unknown> | null;
  lifecycle: string | null;
  engagement: string | null;
  firstTouch: string | Record<string, unknown> | null;
  accountId: string | null;
  trait: Json | null;
  accountTrait: Json | null;
  conversionEventAt: number | string | null;
}

export function analyticsUserFromRow(
  row: RawAnalyticsUser,
  signupEvent: boolean,
): AnalyticsUserRow {
  const firstSeen = Number(row.firstSeen);
  const milestones = Object.create(null) as Record<string, number>;
  for (const [name, at] of Object.entries(parsed(row.milestones) ?? {})) {
    if (typeof at === 'number') milestones[name] = at;
  }
  const personas = Object.create(null) as Record<string, string | null>;
  for (const [dimension, persona] of Object.entries(parsed(row.personas) ?? {})) {
    personas[dimension] = typeof persona === 'string' ? persona : null;
  }
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
    firstTouch: firstTouchFrom(parsed(row.firstTouch)),
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
