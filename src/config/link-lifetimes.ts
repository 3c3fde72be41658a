/**
 * How long the links in a message work, counted from when the message was sent. Unsubscribe
 * and preference links live longer: the bulk-sender rules ask that unsubscribing keep working
 * for at least 60 days (CAN-SPAM: 30), and a reader who finds an old email should still be able
 * to leave. View-in-browser, open and click links expire sooner, since they show or lead to
 * what the message said about its recipient.
 */
export interface LinkLifetimes {
  /** View in browser, open pixel, tracked clicks; ms. */
  messageMs: number;
  /** Unsubscribe (page, one-click, mailto) and the preference page; ms. */
  unsubscribeMs: number;
}

const DAY = 86_400_000;

export const DEFAULT_LINK_LIFETIMES: LinkLifetimes = {
  messageMs: 90 * DAY,
  unsubscribeMs: 365 * DAY,
};

/** The shortest unsubscribe lifetime accepted, in days (the bulk-sender rules' 60). */
export const MIN_UNSUBSCRIBE_DAYS = 60;

export function readLinkLifetimes(env: NodeJS.ProcessEnv): LinkLifetimes {
  const days = (name: string, fallback: number, min: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > 36_500) {
      throw new Error(`${name} must be a whole number of days from ${min} to 36500 (got ${text})`);
    }
    return value * DAY;
  };
  return {
    messageMs: days('CAIRN_LINK_DAYS', DEFAULT_LINK_LIFETIMES.messageMs / DAY, 1),
    unsubscribeMs: days(
      'CAIRN_UNSUBSCRIBE_LINK_DAYS',
      DEFAULT_LINK_LIFETIMES.unsubscribeMs / DAY,
      MIN_UNSUBSCRIBE_DAYS,
    ),
  };
}
