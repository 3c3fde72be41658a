import { LINK_ROUTES } from './link-routes.js';
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

/** Builds the signed links of one message for one recipient. Pure: no I/O, no clock. */
export function buildLinks(options: LinkOptions, recipient: LinkRecipient): MessageLinks {
  const base = options.baseUrl.replace(/\/+$/, '');
  const { userId, messageKey } = recipient;
  const secret = options.workspaceSecret;
  const unsubscribe = signToken(secret, {
    purpose: 'unsubscribe',
    userId,
    messageKey,
    ...(recipient.topic === null ? {} : { topic: recipient.topic }),
  });
  const subject = encodeURIComponent(`unsubscribe ${unsubscribe}`);
  return {
    unsubscribe: `${base}${LINK_ROUTES.unsubscribe}${unsubscribe}`,
    unsubscribe_mailto: `mailto:${options.unsubscribeMailbox}?subject=${subject}`,
    preferences: `${base}${LINK_ROUTES.preferences}${signToken(secret, { purpose: 'preferences', userId, messageKey })}`,
    view_in_browser: `${base}${LINK_ROUTES.view}${signToken(secret, { purpose: 'view', userId, messageKey })}`,
  };
}
