import type { JsonObject } from '../core/types.js';
import { activityQuery, type ActivityDefinition } from '../analytics/activity-definition.js';
import { signupEventOf } from '../analytics/analytics-context.js';
import { dayOf } from '../analytics/periods.js';
import type { FirstTouch } from '../store/analytics-store.js';
import { NO_ACTIVITY, summarizeDays, type ActivitySummary } from './outcomes.js';
import type { SignalsContext } from './signals-context.js';

/** One signed-up user with what the signals read about them. */
export interface SignalUser {
  id: string;
  signupAt: number;
  /** UTC day of signup: day 0 of the user's retention. */
  cohortDay: number;
  /** Activity (the activity definition) from the signup day on, for the day N asked. */
  activity: ActivitySummary;
  /**
   * UTC days with activity from the signup day on, ascending: only when asked (`withDays`,
   * for accounts, whose days are their members' together); else empty.
   */
  days: number[];
  /** First time converted (cairn.yaml `conversion`), null when not (or none declared). */
  convertedAt: number | null;
  milestones: Record<string, number>;
  activatedAt: number | null;
  firstTouch: FirstTouch | null;
  traits: JsonObject;
  answers: Record<string, string>;
  accounts: string[];
  lastSeen: number;
  lifecycle: string | null;
}

/**
 * Signed-up users (as analytics counts them: identified, and performed the activation signup
 * event when one is declared) who signed up in [from, to], with their activity up to day `n`
 * (counted by the store; the day lists too with `withDays`), conversion time, profile traits
 * and answers. `read.profiles` false reads no profile document: traits, answers and accounts
 * are then empty and last seen is first seen; `read.firstDays` false leaves the active days
 * among the first N uncounted (0), `read.onDay` false day N (false): for an analysis that reads
 * none of them.
 */
export async function loadUsers(
  ctx: SignalsContext,
  range: { from: number; to: number },
  activity: ActivityDefinition,
  n: number,
  withDays = false,
  read: { profiles?: boolean; firstDays?: boolean; onDay?: boolean } = {},
): Promise<SignalUser[]> {
  const conversion = ctx.definitions.conversion;
  const [rows, profiles] = await Promise.all([
    ctx.analytics.analyticsUsers({
      signupEvent: signupEventOf(ctx.definitions),
      conversionEvent: conversion?.kind === 'event' ? conversion.event : null,
      trait: null,
      accountTrait: null,
    }),
    read.profiles !== false ? ctx.signals.signalProfiles() : Promise.resolve([]),
  ]);
  const signedUp = rows.filter(
    (u) => u.signedUp && u.signupAt >= range.from && u.signupAt <= range.to,
  );
  if (signedUp.length === 0) return [];
  let firstDay = Infinity;
  for (const u of signedUp) firstDay = Math.min(firstDay, dayOf(u.signupAt));
  const query = activityQuery(activity, firstDay, dayOf(ctx.now));
  const [days, summaries, traitMatch] = await Promise.all([
    withDays ? ctx.analytics.activityDays(query) : Promise.resolve(null),
    withDays
      ? Promise.resolve(null)
      : ctx.signals.signupActivity(query, n, { firstDays: read.firstDays, onDay: read.onDay }),
    conversion?.kind === 'trait'
      ? ctx.analytics.traitFirstMatch(conversion.trait, conversion.values)
      : Promise.resolve(null),
  ]);
  const byId = new Map(profiles.map((p) => [p.id, p]));
  const summaryOf = new Map<string, ActivitySummary>();
  for (const row of summaries ?? []) summaryOf.set(row.profileId, row);
  return signedUp.map((u) => {
    const p = byId.get(u.id);
    const cohortDay = dayOf(u.signupAt);
    const mine = days ? (days.get(u.id) ?? []).filter((d) => d >= cohortDay) : [];
    return {
      id: u.id,
      signupAt: u.signupAt,
      cohortDay,
      activity: days ? summarizeDays(mine, cohortDay, n) : (summaryOf.get(u.id) ?? NO_ACTIVITY),
      days: mine,
      convertedAt: traitMatch ? (traitMatch.get(u.id) ?? null) : u.conversionEventAt,
      milestones: u.milestones,
      activatedAt: u.activatedAt,
      firstTouch: u.firstTouch,
      traits: p?.traits ?? {},
      answers: p?.answers ?? (Object.create(null) as Record<string, string>),
      accounts: p?.accounts ?? [],
      lastSeen: p?.lastSeen ?? u.firstSeen,
      lifecycle: u.lifecycle,
    };
  });
}

/**
 * Activity name → times, ascending, per profile, from the store's early actions (the names
 * given only; none read when the list is empty).
 */
export async function loadEarlyActions(
  ctx: SignalsContext,
  horizon: number,
  names: readonly string[],
): Promise<Map<string, Map<string, number[]>>> {
  const out = new Map<string, Map<string, number[]>>();
  if (names.length === 0) return out;
  for (const row of await ctx.signals.earlyActions(horizon, names)) {
    let mine = out.get(row.profileId);
    if (!mine) out.set(row.profileId, (mine = new Map()));
    const times = mine.get(row.name);
    if (times) times.push(row.at);
    else mine.set(row.name, [row.at]);
  }
  return out;
}
