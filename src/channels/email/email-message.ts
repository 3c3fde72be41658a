import type { OutboundMessage } from '../channel.js';

export interface EmailAddress {
  address: string;
  name?: string;
}

/** RFC 2369 / RFC 8058: where a one-click POST and a mail client's unsubscribe go. */
export interface ListUnsubscribe {
  https: string;
  mailto: string;
}

interface EmailBase extends OutboundMessage {
  from: EmailAddress;
  to: EmailAddress;
  replyTo?: EmailAddress;
  subject: string;
  html: string;
  text: string;
  /** Extra headers (e.g. `Feedback-ID`); ASCII names, no line breaks in values. */
  headers?: Record<string, string>;
}

/**
 * An email ready to send. Marketing email must say how to unsubscribe — the type demands it, and
 * the channel refuses one without (Gmail and Yahoo reject bulk mail lacking one-click unsubscribe
 * since 2024); transactional email (receipts, password resets) is exempt.
 */
export type EmailMessage = EmailBase &
  (
    | { category: 'marketing'; unsubscribe: ListUnsubscribe }
    | { category: 'transactional'; unsubscribe?: ListUnsubscribe }
  );
