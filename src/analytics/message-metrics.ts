import type { MessageFactRow } from '../store/analytics-store.js';
import { groupBy } from './group-users.js';
import { periodLabel, periodOf, type PeriodUnit } from './periods.js';
import { rateCell, type RateCell } from './statistics.js';

export type MessageGrouping = 'template' | 'journey' | 'channel';

/** Which messages got each kind of engagement event (message ids). */
export interface MessageEngagement {
  opened: ReadonlySet<string>;
  clicked: ReadonlySet<string>;
  unsubscribed: ReadonlySet<string>;
  bounced: ReadonlySet<string>;
  complained: ReadonlySet<string>;
}

export interface MessageGroup {
  key: string;
  /** Messages created (queued) in the range, whatever became of them. */
  created: number;
  sent: number;
  /** Sent and not bounced afterwards. */
  delivered: number;
  /** Sent ÷ created, bounced ÷ (sent + refused) … with intervals. */
  rates: {
    sent: RateCell;
    delivered: RateCell;
    /** Opens come from a tracking pixel: image proxies (Apple Mail Privacy Protection, Gmail)
     * fetch it without a reader, so this rate is inflated and a floor for nothing. */
    opened: RateCell & { inflated: true };
    clicked: RateCell;
    unsubscribed: RateCell;
    bounced: RateCell;
    complained: RateCell;
  };
  /** Messages not sent, by state (suppressed, capped, held_out, failed, queued …), in name order. */
  notSent: Record<string, number>;
}

/**
 * Message metrics per template, journey or channel (and per period of creation when asked).
 * Bounced: refused by the receiving server at send time (`failed` on email) or reported later
 * (`Email Bounced`), ÷ the messages that reached that point (sent + refused). Opened, clicked,
 * unsubscribed and complained count messages with at least one such event, ÷ delivered.
 */
export function messageGroups(
  messages: readonly MessageFactRow[],
  engagement: MessageEngagement,
  by: MessageGrouping,
  period: PeriodUnit | null,
  minSize: number,
): MessageGroup[] {
  const key = (m: MessageFactRow) => {
    const base =
      by === 'template' ? m.template : by === 'journey' ? (m.journeyId ?? '(none)') : m.channel;
    return period ? `${periodLabel(period, periodOf(period, m.createdAt))} ${base}` : base;
  };
  return groupBy(messages, key).map(([k, list]) => {
    let sent = 0;
    let refused = 0;
    let lateBounce = 0;
    let opened = 0;
    let clicked = 0;
    let unsubscribed = 0;
    let complained = 0;
    const unsent = new Map<string, number>();
    for (const m of list) {
      if (m.state !== 'sent') {
        unsent.set(m.state, (unsent.get(m.state) ?? 0) + 1);
        if (m.state === 'failed' && m.channel === 'email') refused++;
        continue;
      }
      sent++;
      if (engagement.bounced.has(m.id)) {
        lateBounce++;
        continue;
      }
      if (engagement.opened.has(m.id)) opened++;
      if (engagement.clicked.has(m.id)) clicked++;
      if (engagement.unsubscribed.has(m.id)) unsubscribed++;
      if (engagement.complained.has(m.id)) complained++;
    }
    const delivered = sent - lateBounce;
    return {
      key: k,
      created: list.length,
      sent,
      delivered,
      rates: {
        sent: rateCell(sent, list.length, minSize),
        delivered: rateCell(delivered, sent, minSize),
        opened: { ...rateCell(opened, delivered, minSize), inflated: true as const },
        clicked: rateCell(clicked, delivered, minSize),
        unsubscribed: rateCell(unsubscribed, delivered, minSize),
        bounced: rateCell(refused + lateBounce, sent + refused, minSize),
        complained: rateCell(complained, delivered, minSize),
      },
      // States in name order, whatever order the store returned the messages in: the same
      // messages give the same answer, to the byte, on either store.
      notSent: Object.assign(
        Object.create(null) as Record<string, number>,
        Object.fromEntries([...unsent].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      ),
    };
  });
}
