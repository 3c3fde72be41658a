import type { ActiveDaysRule, PerformedRule } from '../../definitions/rule-types.js';
import { dayNumber } from '../profile/day-number.js';
import { duration, quoteList } from './describe.js';
import type { EvalContext } from './eval-context.js';
import { allOf, outcome, verdict, type Verdict } from './verdict.js';

const DAY_MS = 86_400_000;

/**
 * Counts against `at_least` / `at_most`. `times` are the counted moments newest first; with a
 * window, the n-th newest leaves it at time + window, which is when the answer can change.
 */
function countVerdict(
  label: string,
  count: number,
  bounds: { at_least?: number; at_most?: number },
  leavesAt: ((index: number) => number | null) | null,
): Verdict {
  const atLeast = bounds.at_least ?? (bounds.at_most === undefined ? 1 : undefined);
  const parts: Verdict[] = [];
  if (atLeast !== undefined) {
    const holds = count >= atLeast;
    parts.push(
      verdict(
        holds,
        `${label} ${outcome(`at least ${atLeast}`, holds)}`,
        holds && leavesAt ? leavesAt(atLeast - 1) : null,
      ),
    );
  }
  if (bounds.at_most !== undefined) {
    const holds = count <= bounds.at_most;
    parts.push(
      verdict(
        holds,
        `${label} ${outcome(`at most ${bounds.at_most}`, holds)}`,
        !holds && leavesAt ? leavesAt(bounds.at_most) : null,
      ),
    );
  }
  return allOf(parts);
}

export function performed(rule: PerformedRule, ctx: EvalContext): Verdict {
  const events = quoteList(rule.performed);
  if (rule.within === undefined) {
    const count = rule.performed.reduce(
      (sum, name) => sum + (ctx.profile.counters[name]?.count ?? 0),
      0,
    );
    return countVerdict(`performed ${events} ${times(count)}`, count, rule, null);
  }
  const window = rule.within;
  const recent = rule.performed
    .flatMap((name) => ctx.state.recent[name] ?? [])
    .sort((a, b) => b - a);
  const inWindow = recent.filter((time) => time > ctx.now - window);
  // Only the newest times are kept: when more happened than were kept and all the kept ones
  // fall in the window, there may be more in it, so the count reads "3+" (the answer is exact).
  const more = rule.performed.some((name) => {
    const kept = ctx.state.recent[name] ?? [];
    const total = ctx.profile.counters[name]?.count ?? 0;
    return kept.length > 0 && total > kept.length && kept.at(-1)! > ctx.now - window;
  });
  const count = `${inWindow.length}${more ? '+' : ''} time${inWindow.length === 1 && !more ? '' : 's'}`;
  const label = `performed ${events} ${count} in the last ${duration(window)}`;
  return countVerdict(label, inWindow.length, rule, (index) => {
    const time = inWindow[index];
    return time === undefined ? null : time + window;
  });
}

export function activeDays(rule: ActiveDaysRule, ctx: EvalContext): Verdict {
  const { within } = rule.active_days;
  const zone = typeof ctx.profile.traits.timezone === 'string' ? ctx.profile.traits.timezone : null;
  const windowDays = Math.max(1, Math.round(within / DAY_MS));
  const today = dayNumber(ctx.now, zone);
  const days = ctx.profile.activeDays
    .filter((day) => day > today - windowDays)
    .sort((a, b) => b - a);
  const label = `active on ${days.length} day${days.length === 1 ? '' : 's'} in the last ${duration(windowDays * DAY_MS)}`;
  return countVerdict(label, days.length, rule.active_days, (index) => {
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

function times(count: number): string {
  return `${count} time${count === 1 ? '' : 's'}`;
}
