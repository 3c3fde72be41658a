import type { LinkOptions, LinkRecipient } from './build-links.js';
import { LINK_ROUTES, linkBase } from './link-routes.js';
import { signToken } from './signed-token.js';

/**
 * A tracked link: Cairn records the click, then redirects to `url`. The destination travels
 * inside the signed token, so the redirect endpoint only ever sends people where a message did.
 */
export function clickLink(
  options: Pick<LinkOptions, 'baseUrl' | 'workspaceSecret'>,
  recipient: Pick<LinkRecipient, 'userId' | 'messageKey'>,
  url: string,
): string {
  if (!/^https?:\/\//i.test(url)) throw new Error(`only http(s) links are tracked, not ${url}`);
  const token = signToken(options.workspaceSecret, {
    purpose: 'click',
    userId: recipient.userId,
    messageKey: recipient.messageKey,
    url,
  });
  return `${linkBase(options.baseUrl)}${LINK_ROUTES.click}${token}`;
}
