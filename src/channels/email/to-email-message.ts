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
  const { links, ...rest } = envelope;
  const unsubscribe = { https: links.unsubscribe, mailto: links.unsubscribe_mailto };
  const content = { subject: rendered.subject, html: rendered.html, text: rendered.text };
  return rendered.category === 'marketing'
    ? { ...rest, ...content, category: 'marketing', unsubscribe }
    : { ...rest, ...content, category: 'transactional' };
}
