import type { Cap, Caps, Priority } from '../../definitions/index.js';
import { capWindowStart } from './cap-window-start.js';
import type { CandidateSend, RecentSend } from './delivery-types.js';

/** The limit of a cap for a priority: `by_priority` lowers it for low and normal messages. */
export function capLimit(cap: Cap, priority: Priority): number {
  if (priority === 'high') return cap.max;
  return Math.min(cap.max, cap.by_priority?.[priority] ?? cap.max);
}

/**
 * The first cap of the candidate's channel that is full for its priority, with the number of
 * messages counted in its window; null when every cap leaves room. Counted: marketing messages
 * delivered on the same channel in the window, whatever their priority (a high-priority message
 * takes a slot like any other).
 */
export function reachedCap(
  caps: Caps,
  send: CandidateSend,
  recent: readonly RecentSend[],
  now: number,
  zone: string,
): { cap: Cap; count: number; limit: number } | null {
  for (const cap of caps[send.channel] ?? []) {
    const from = capWindowStart(cap.per, now, zone);
    let count = 0;
    for (const sent of recent)
      if (sent.channel === send.channel && !sent.transactional && sent.at >= from && sent.at <= now)
        count += 1;
    const limit = capLimit(cap, send.priority);
    if (count >= limit) return { cap, count, limit };
  }
  return null;
}
