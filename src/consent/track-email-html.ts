import type { LinkOptions, LinkRecipient, MessageLinks } from './build-links.js';
import { clickLink } from './click-link.js';
import { LINK_ROUTES, linkBase } from './link-routes.js';

// The value of an `href` attribute, from the attribute name on: `href="http(s)://…"` in either
// quote style, within its tag (no `>`). Liquid output is HTML-escaped, so a quote cannot appear
// inside a value it wrote. Sticky: tried at one position of the whole document, no slice.
const HREF_VALUE = /href\s*=\s*(["'])(https?:\/\/[^"'>]*)\1/iy;
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
  const base = linkBase(options.baseUrl);
  // Every link of a message carries the same token (build-links.ts), after its route.
  const view = links.view_in_browser;
  const messageToken = view.slice(view.lastIndexOf(LINK_ROUTES.view) + LINK_ROUTES.view.length);
  const own = `${base}/l/`;
  // Own links are mostly written without entities: such a one is known before decoding it.
  const plainOwn = !own.includes('&');
  // Found with indexOf, not a regular expression over the document: on a 10 KB email a scan
  // for `<a …>` tags costs more than the Liquid render itself. The pieces are joined once at
  // the end: one copy of the document, not one per link.
  const pieces: string[] = [];
  let copied = 0;
  for (const at of attributePositions(html)) {
    // The value first: Cairn's own links, most of those in an email, are skipped before their
    // tag is looked at.
    HREF_VALUE.lastIndex = at;
    const value = HREF_VALUE.exec(html);
    if (!value || (plainOwn && value[2].startsWith(own))) continue;
    const open = html.lastIndexOf('<', at);
    const end = html.indexOf('>', at);
    if (open === -1 || end === -1 || html.lastIndexOf('>', at) > open) continue;
    if (!/^<a\s/i.test(html.slice(open, open + 3))) continue;
    if (NO_TRACK.test(html.slice(open, end))) continue;
    const url = value[2].includes('&') ? decodeEntities(value[2]) : value[2];
    if (url.startsWith(own)) continue;
    const from = at + value[0].length - 1 - value[2].length;
    pieces.push(html.slice(copied, from), clickLink(options, recipient, url));
    copied = from + value[2].length;
  }
  const pixel =
    `<img src="${base}${LINK_ROUTES.open}${messageToken}" width="1" height="1" alt="" ` +
    'style="display:block;width:1px;height:1px;border:0;margin:0;padding:0" />';
  // The pixel goes before the last `</body>` (else `</BODY>`) of the tracked document. Click
  // links add neither (a base URL holding one aside), so when the original's last one comes after
  // the last rewritten link, it is the same tag, found without building the document first.
  let body = html.lastIndexOf('</body>');
  if (body === -1) body = html.lastIndexOf('</BODY>');
  if (pieces.length === 0 || ((body === -1 || body >= copied) && !base.includes('</'))) {
    if (body === -1) pieces.push(html.slice(copied), pixel);
    else pieces.push(html.slice(copied, body), pixel, html.slice(body));
    return pieces.join('');
  }
  pieces.push(html.slice(copied));
  const tracked = pieces.join('');
  body = tracked.lastIndexOf('</body>');
  if (body === -1) body = tracked.lastIndexOf('</BODY>');
  return body === -1 ? tracked + pixel : tracked.slice(0, body) + pixel + tracked.slice(body);
}

/** Where `href` / `HREF` starts an attribute name, in document order (`Href` is not tracked). */
function attributePositions(html: string): number[] {
  const found: number[] = [];
  for (const name of ['href', 'HREF']) {
    for (let at = html.indexOf(name); at !== -1; at = html.indexOf(name, at + 4))
      if (at > 0 && /\s/.test(html[at - 1])) found.push(at);
  }
  return found.sort((a, b) => a - b);
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
