import type { LinkOptions } from '../../consent/build-links.js';
import { trackEmailHtml } from '../../consent/track-email-html.js';
import type { EmailAddress, EmailMessage } from '../../channels/email/email-message.js';
import { toEmailMessage } from '../../channels/email/to-email-message.js';
import type { RenderContext } from '../../templates/render-context.js';
import type { Renderer } from '../../templates/renderer.js';

export interface ComposeEmailOptions {
  links: LinkOptions;
  from: EmailAddress;
  /** Open pixel and click links in marketing email (CAIRN_TRACKING). */
  tracking: boolean;
}

export interface EmailRecipient {
  userId: string;
  /** The message's idempotency key. */
  messageKey: string;
  to: EmailAddress;
}

/**
 * One email as the dispatcher sends it: rendered for its context (whose `links` are this
 * message's, from buildLinks), its links tracked when it is marketing and tracking is on (a
 * receipt or a login link gains nothing from a redirect), in its envelope. The send benchmark
 * calls this too, so that it measures what `cairn serve` does per message.
 */
export function composeEmail(
  renderer: Renderer,
  templateId: string,
  context: RenderContext,
  recipient: EmailRecipient,
  options: ComposeEmailOptions,
): EmailMessage {
  const { links } = context;
  const rendered = renderer.renderEmail(templateId, context);
  if (options.tracking && rendered.category === 'marketing') {
    const key = { userId: recipient.userId, messageKey: recipient.messageKey };
    rendered.html = trackEmailHtml(rendered.html, options.links, key, links);
  }
  return toEmailMessage(rendered, {
    idempotencyKey: recipient.messageKey,
    from: options.from,
    to: recipient.to,
    links,
  });
}
