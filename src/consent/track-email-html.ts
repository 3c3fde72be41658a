import type { LinkOptions, LinkRecipient, MessageLinks } from './build-links.js';
import { clickLink } from './click-link.js';
import { LINK_ROUTES } from './link-routes.js';

// An opening `<a …>` tag, then its `href="http(s)://…"` in either quote style. Liquid output is
// HTML-escaped, so neither a quote nor `>` can appear inside an attribute value it wrote.
const ANCHOR = /<a\b[^>]*>/gi;
const HREF = /(\bhref\s*=\s*)(["'])(https?:\/\/[^"']*)\2/i;
const NO_TRACK = /\bdata-cairn-track\s*=\s*["']?off\b/i;

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/**
 * Engagement tracking for one email's HTML: each `http(s)` link becomes a signed click link
 * (consent/click-link.ts) and a 1×1 open pixel goes before `</body>`. Left as they are: Cairn's
 * own links (unsubscribe, preferences, view in browser — a redirect in front of an unsubscribe
 * link helps no one), `mailto:` and other schemes, and links marked `data-cairn-track="off"`.
 * The pixel reuses the message token of the message's own links, so it costs no signature.
 */
export function trackEmailHtml(
  html: string,
  options: Pick<LinkOptions, 'baseUrl' | 'workspaceSecret'>,
  recipient: Pick<LinkRecipient, 'userId' | 'messageKey'>,
  links: Pick<MessageLinks, 'view_in_browser'>,
): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  // Every link of a message carries the same token (build-links.ts), after its route.
  const view = links.view_in_browser;
  const messageToken = view.slice(view.lastIndexOf(LINK_ROUTES.view) + LINK_ROUTES.view.length);
  const own = `${base}/l/`;
  const tracked = html.replace(ANCHOR, (tag: string) => {
    if (NO_TRACK.test(tag)) return tag;
    return tag.replace(HREF, (whole, head: string, quote: string, href: string) => {
      const url = decodeEntities(href);
      if (url.startsWith(own)) return whole;
      return `${head}${quote}${clickLink(options, recipient, url)}${quote}`;
    });
  });
  const pixel =
    `<img src="${base}${LINK_ROUTES.open}${messageToken}" width="1" height="1" alt="" ` +
    'style="display:block;width:1px;height:1px;border:0;margin:0;padding:0" />';
  const end = tracked.search(/<\/body>/i);
  return end === -1 ? tracked + pixel : tracked.slice(0, end) + pixel + tracked.slice(end);
}

/** The URL an `href` stands for: `&amp;` and numeric references decoded. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref.toLowerCase()] ?? whole;
    const code =
      ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
