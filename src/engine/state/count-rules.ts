import type { ActiveDaysRule, PerformedRule } from '../../definitions/rule-types.js';
import { dayNumber } from '../profile/day-number.js';
import { duration, quoteList } from './describe.js';
import type { EvalContext } from './eval-context.js';
import { allOf, outcome, verdict, type Verdict } from './verdict.js';

const DAY_MS = 86_400_000;

/**
 * Counts against `at_least` / `at_most`. With a window, `leavesAt(n)` says when the (n+1)-th
 * newest counted moment leaves it, which is when the answer can change.
 */
function countVerdict(
  ctx: EvalContext,
  describe: () => string,
  count: number,
  bounds: { at_least?: number; at_most?: number },
  leavesAt: ((index: number) => number | null) | null,
): Verdict {
  const atLeast = bounds.at_least ?? (bounds.at_most === undefined ? 1 : undefined);
  const atMost = bounds.at_most;
  const parts: Verdict[] = [];
  if (atLeast !== undefined) {
    const holds = count >= atLeast;
    const fact = () => `${describe()} ${outcome(`at least ${atLeast}`, holds)}`;
    parts.push(verdict(ctx, holds, fact, holds && leavesAt ? leavesAt(atLeast - 1) : null));
  }
  if (atMost !== undefined) {
    const holds = count <= atMost;
    const fact = () => `${describe()} ${outcome(`at most ${atMost}`, holds)}`;
    parts.push(verdict(ctx, holds, fact, !holds && leavesAt ? leavesAt(atMost) : null));
  }
  return parts.length === 1 ? parts[0]! : allOf(parts);
}

export function performed(rule: PerformedRule, ctx: EvalContext): Verdict {
  if (rule.within === undefined) {
    let count = 0;
    for (const name of rule.performed) count += ctx.profile.counters[name]?.count ?? 0;
    const describe = () =>
      `performed ${quoteList(rule.performed)} ${count} time${count === 1 ? '' : 's'}`;
    return countVerdict(ctx, describe, count, rule, null);
  }
  const window = rule.within;
  const from = ctx.now - window;
  const inWindow: number[] = [];
  for (const name of rule.performed) {
    for (const time of ctx.state.recent[name] ?? []) if (time > from) inWindow.push(time);
  }
  if (rule.performed.length > 1) inWindow.sort((a, b) => b - a);
  const describe = () => {
    // Only the newest times are kept: when more happened than were kept and all the kept ones
    // fall in the window, there may be more in it, so the count reads "3+" (the answer is exact).
    const more = rule.performed.some((name) => {
      const kept = ctx.state.recent[name] ?? [];
      const total = ctx.profile.counters[name]?.count ?? 0;
      return kept.length > 0 && total > kept.length && kept.at(-1)! > from;
    });
    const count = `${inWindow.length}${more ? '+' : ''} time${inWindow.length === 1 && !more ? '' : 's'}`;
    return `performed ${quoteList(rule.performed)} ${count} in the last ${duration(window)}`;
  };
  return countVerdict(ctx, describe, inWindow.length, rule, (index) => {
    const time = inWindow[index];
    return time === undefined ? null : time + window;
  });
}

export function activeDays(rule: ActiveDaysRule, ctx: EvalContext): Verdict {
  const { within } = rule.active_days;
  const zone = typeof ctx.profile.traits.timezone === 'string' ? ctx.profile.traits.timezone : null;
  const windowDays = Math.max(1, Math.round(within / DAY_MS));
  const today = dayNumber(ctx.now, zone);
  // Active days are sorted ascending: walk back from the newest while they are in the window.
  const days: number[] = [];
  const all = ctx.profile.activeDays;
  for (let i = all.length - 1; i >= 0 && all[i]! > today - windowDays; i--) days.push(all[i]!);
  const describe = () =>
    `active on ${days.length} day${days.length === 1 ? '' : 's'} in the last ${duration(windowDays * DAY_MS)}`;
  return countVerdict(ctx, describe, days.length, rule.active_days, (index) => {
    const day = days[index];
    return day === undefined ? null : startOfDay(day + windowDays, zone);
  });
}

/** The first minute of a calendar day in a time zone (days are day numbers since the epoch). */
function startOfDay(day: number, zone: string | null): number {
  if (!zone) return day * DAY_MS;
  // Time zones are within ±14h of UTC: search that range for the minute the day begins.
  let low = Math.floor((day * DAY_MS - 15 * 3_600_000) / 60_000);
  let high = Math.ceil((day * DAY_MS + 15 * 3_600_000) / 60_000);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (dayNumber(middle * 60_000, zone) >= day) high = middle;
    else low = middle + 1;
  }
  return low * 60_000;
}
