import type { ActiveDaysRule, PerformedRule } from '../../definitions/rule-types.js';
import { dayNumber } from '../profile/day-number.js';
import { startOfLocalDayNumber } from '../time/index.js';
import { duration, quoteList } from './describe.js';
import { NEVER, outcomeOf, type RuleContext } from './rule-context.js';
import { outcome } from './verdict.js';

const DAY_MS = 86_400_000;

/** "At least 1" unless only `at_most` is given. */
export function atLeastOf(bounds: { at_least?: number; at_most?: number }): number | undefined {
  return bounds.at_least ?? (bounds.at_most === undefined ? 1 : undefined);
}

/**
 * Counts against `at_least` / `at_most` (both must hold). In a window, a held "at least N" ends
 * when the N-th newest counted moment leaves it (`leaveLeast`), a broken "at most M" mends when
 * the (M+1)-th leaves (`leaveMost`); the callers pass NEVER where nothing leaves. Each part keeps
 * its evaluation until its own change, so the recheck is the earliest of them.
 */
function countOutcome(
  ctx: RuleContext,
  count: number,
  atLeast: number | undefined,
  atMost: number | undefined,
  leaveLeast: number,
  leaveMost: number,
  describe: string,
): boolean {
  const least = atLeast === undefined || count >= atLeast;
  const most = atMost === undefined || count <= atMost;
  const leastAt = atLeast !== undefined && least ? leaveLeast : NEVER;
  const mostAt = atMost !== undefined && !most ? leaveMost : NEVER;
  const holds = least && most;
  let changeAt: number;
  if (holds) changeAt = Math.min(leastAt, mostAt);
  else if (!least && !most) changeAt = Math.max(leastAt, mostAt);
  else changeAt = least ? mostAt : leastAt;
  if (ctx.explain) {
    const both = atLeast !== undefined && atMost !== undefined;
    if (atLeast !== undefined && (!both || holds || !least))
      ctx.facts.push(`${describe} ${outcome(`at least ${atLeast}`, least)}`);
    if (atMost !== undefined && (!both || holds || !most))
      ctx.facts.push(`${describe} ${outcome(`at most ${atMost}`, most)}`);
  }
  return outcomeOf(ctx, holds, changeAt, Math.min(leastAt, mostAt));
}

/** The moments in a window, newest first; reused between evaluations (nothing nests in one). */
const inWindow: number[] = [];
const newestFirst = (a: number, b: number) => b - a;

export function performed(rule: PerformedRule, ctx: RuleContext): boolean {
  const atLeast = atLeastOf(rule);
  const names = rule.performed;
  if (rule.within === undefined) {
    let count = 0;
    for (let i = 0; i < names.length; i++) count += ctx.profile.counters[names[i]!]?.count ?? 0;
    const describe = ctx.explain
      ? `performed ${quoteList(names)} ${count} time${count === 1 ? '' : 's'}`
      : '';
    return countOutcome(ctx, count, atLeast, rule.at_most, NEVER, NEVER, describe);
  }
  const window = rule.within;
  const from = ctx.now - window;
  inWindow.length = 0;
  for (let i = 0; i < names.length; i++) {
    const times = ctx.state.recent[names[i]!];
    if (times) for (const time of times) if (time > from) inWindow.push(time);
  }
  if (names.length > 1) inWindow.sort(newestFirst);
  const count = inWindow.length;
  const describe = ctx.explain ? describeWindow(rule, ctx, count, from) : '';
  const leaveLeast = atLeast === undefined ? NEVER : leavesWindow(atLeast - 1, window);
  const leaveMost = rule.at_most === undefined ? NEVER : leavesWindow(rule.at_most, window);
  return countOutcome(ctx, count, atLeast, rule.at_most, leaveLeast, leaveMost, describe);
}

/** When the index-th newest moment in the window leaves it (NEVER: there is no such moment). */
function leavesWindow(index: number, window: number): number {
  const time = inWindow[index];
  return time === undefined ? NEVER : time + window;
}

/**
 * Only the newest times are kept: when more happened than were kept and all the kept ones fall
 * in the window, there may be more in it, so the count reads "3+" (the answer is exact).
 */
function describeWindow(rule: PerformedRule, ctx: RuleContext, count: number, from: number) {
  const more = rule.performed.some((name) => {
    const kept = ctx.state.recent[name] ?? [];
    const total = ctx.profile.counters[name]?.count ?? 0;
    return kept.length > 0 && total > kept.length && kept.at(-1)! > from;
  });
  const times = `${count}${more ? '+' : ''} time${count === 1 && !more ? '' : 's'}`;
  return `performed ${quoteList(rule.performed)} ${times} in the last ${duration(rule.within!)}`;
}

export function activeDays(rule: ActiveDaysRule, ctx: RuleContext): boolean {
  const { within, at_most: atMost } = rule.active_days;
  const atLeast = atLeastOf(rule.active_days);
  const zone = typeof ctx.profile.traits.timezone === 'string' ? ctx.profile.traits.timezone : null;
  const windowDays = Math.max(1, Math.round(within / DAY_MS));
  const today = dayNumber(ctx.now, zone);
  // Active days are sorted ascending: count back from the newest while they are in the window.
  const all = ctx.profile.activeDays;
  let count = 0;
  while (count < all.length && all[all.length - 1 - count]! > today - windowDays) count++;
  // The index-th newest day leaves the window when the day windowDays after it begins; only
  // computed when it matters (in a time zone it is a search).
  const leaveLeast =
    atLeast !== undefined && count >= atLeast
      ? leavesDays(all, atLeast - 1, count, windowDays, zone)
      : NEVER;
  const leaveMost =
    atMost !== undefined && count > atMost
      ? leavesDays(all, atMost, count, windowDays, zone)
      : NEVER;
  const describe = ctx.explain
    ? `active on ${count} day${count === 1 ? '' : 's'} in the last ${duration(windowDays * DAY_MS)}`
    : '';
  return countOutcome(ctx, count, atLeast, atMost, leaveLeast, leaveMost, describe);
}

function leavesDays(
  days: number[],
  index: number,
  count: number,
  windowDays: number,
  zone: string | null,
): number {
  if (index < 0 || index >= count) return NEVER;
  return startOfDay(days[days.length - 1 - index]! + windowDays, zone);
}

/** The first instant of a calendar day in a time zone (days are day numbers since the epoch). */
function startOfDay(day: number, zone: string | null): number {
  return zone ? startOfLocalDayNumber(day, zone) : day * DAY_MS;
}
