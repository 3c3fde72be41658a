import type { JsonObject } from '../core/types.js';
import type { SignalProfileRow } from './signals-store.js';

/** A signal profile row as either adapter returns it: JSON as text (SQLite) or parsed (pg). */
export interface RawSignalProfile {
  id: string;
  traits: string | JsonObject | null;
  answers: string | JsonObject | null;
  lastSeen: number | string;
  accounts: string | unknown[] | null;
}

export function signalProfileFromRow(row: RawSignalProfile): SignalProfileRow {
  const traits = parsed(row.traits);
  // User-named keys: plain maps without a prototype.
  const answers = Object.create(null) as Record<string, string>;
  const rawAnswers = parsed(row.answers);
  if (rawAnswers && typeof rawAnswers === 'object' && !Array.isArray(rawAnswers)) {
    for (const [question, value] of Object.entries(rawAnswers))
      if (typeof value === 'string') answers[question] = value;
  }
  const accounts = parsed(row.accounts);
  return {
    id: row.id,
    traits:
      traits && typeof traits === 'object' && !Array.isArray(traits) ? (traits as JsonObject) : {},
    answers,
    lastSeen: Number(row.lastSeen),
    accounts: Array.isArray(accounts) ? accounts.filter((a) => typeof a === 'string') : [],
  };
}

function parsed(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}
