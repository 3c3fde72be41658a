import type { Clock } from '../../core/clock.js';
import { OutboxChannel } from './outbox-channel.js';
import { SmtpChannel, type SmtpChannelOptions } from './smtp-channel.js';

export interface EmailChannelOptions {
  /** `SMTP_URL`; null or empty: the dev outbox. */
  smtpUrl: string | null | undefined;
  /** Where the dev outbox writes `.eml` files. */
  outboxDir: string;
  clock: Clock;
  messageIdDomain: string;
  smtp?: Omit<SmtpChannelOptions, 'url' | 'clock' | 'messageIdDomain'>;
}

/** SMTP when `SMTP_URL` is set, else the dev outbox: one setting away from real delivery.
 * `delivery` on the result says which, for the start-up log and `GET /api/outbox`. */
export function createEmailChannel(options: EmailChannelOptions): SmtpChannel | OutboxChannel {
  const { smtpUrl, clock, messageIdDomain } = options;
  if (smtpUrl) return new SmtpChannel({ ...options.smtp, url: smtpUrl, clock, messageIdDomain });
  return new OutboxChannel({ dir: options.outboxDir, clock, messageIdDomain });
}
