import type { MessageLinks } from '../../consent/build-links.js';
import type { RenderedEmail } from '../../templates/renderer.js';
import type { EmailAddress, EmailMessage } from './email-message.js';

export interface Envelope {
  idempotencyKey: string;
  from: EmailAddress;
  to: EmailAddress;
  replyTo?: EmailAddress;
  /** The same links the template was rendered with: they also fill List-Unsubscribe. */
  links: MessageLinks;
  headers?: Record<string, string>;
}

/** A rendered email plus its envelope: the one way the runtime builds an EmailMessage, so the
 * List-Unsubscribe header and the footer's unsubscribe link cannot disagree. */
export function toEmailMessage(rendered: RenderedEmail, envelope: Envelope): EmailMessage {
  const { idempotencyKey, from, to, links } = envelope;
  const { subject, html, text } = rendered;
  // Field by field: an object rest (`{ links, ...rest }`) costs about 4 µs, more than the rest
  // of this put together, on every email sent.
  const message: EmailMessage =
    rendered.category === 'marketing'
      ? {
          idempotencyKey,
          from,
          to,
          subject,
          html,
          text,
          category: 'marketing',
          unsubscribe: { https: links.unsubscribe, mailto: links.unsubscribe_mailto },
        }
      : { idempotencyKey, from, to, subject, html, text, category: 'transactional' };
  if (envelope.replyTo !== undefined) message.replyTo = envelope.replyTo;
  if (envelope.headers !== undefined) message.headers = envelope.headers;
  return message;
}
