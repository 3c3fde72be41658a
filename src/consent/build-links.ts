import { LINK_ROUTES, linkBase } from './link-routes.js';
import { signToken } from './signed-token.js';

export interface LinkOptions {
  /** This Cairn's public URL, e.g. `https://cairn.example.com` (no trailing slash needed). */
  baseUrl: string;
  workspaceSecret: string;
  /** Mailbox for `mailto:` unsubscribes (RFC 2369), e.g. `unsubscribe@mail.example.com`. */
  unsubscribeMailbox: string;
}

export interface LinkRecipient {
  userId: string;
  /** The message's idempotency key. */
  messageKey: string;
  /** The subscription topic the message belongs to; null leaves all marketing email. */
  topic: string | null;
}

/** The `links` template variables, also the source of the List-Unsubscribe header. */
export type MessageLinks = {
  /** https; GET shows a confirmation page, POST unsubscribes in one click (RFC 8058). */
  unsubscribe: string;
  unsubscribe_mailto: string;
  preferences: string;
  view_in_browser: string;
};

/**
 * Builds the links of one message for one recipient: one signed message token, behind the route
 * of each link. Pure: no I/O, no clock.
 */
export function buildLinks(options: LinkOptions, recipient: LinkRecipient): MessageLinks {
  const base = linkBase(options.baseUrl);
  const token = signToken(options.workspaceSecret, {
    purpose: 'message',
    userId: recipient.userId,
    messageKey: recipient.messageKey,
    ...(recipient.topic === null ? {} : { topic: recipient.topic }),
  });
  const subject = encodeURIComponent(`unsubscribe ${token}`);
  return {
    unsubscribe: `${base}${LINK_ROUTES.unsubscribe}${token}`,
    unsubscribe_mailto: `mailto:${options.unsubscribeMailbox}?subject=${subject}`,
    preferences: `${base}${LINK_ROUTES.preferences}${token}`,
    view_in_browser: `${base}${LINK_ROUTES.view}${token}`,
  };
}
