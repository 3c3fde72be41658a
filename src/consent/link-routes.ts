/**
 * The public paths signed links point at, each followed by a token (a `message` token, except
 * `click`, which takes a `click` token). The HTTP routes that answer
 * them import these, so a link and its handler cannot drift apart. Short, because they appear in
 * every email, and neutral, because some filters dislike the word "unsubscribe" in URLs.
 */
export const LINK_ROUTES = {
  /** GET: confirmation page; POST: RFC 8058 one-click unsubscribe. */
  unsubscribe: '/l/u/',
  preferences: '/l/p/',
  view: '/l/v/',
  click: '/l/c/',
  open: '/l/o/',
} as const;

// One public URL per process in practice: the last one asked for is kept.
let lastUrl: string | undefined;
let lastBase = '';

/** The public URL links start with: `baseUrl` without its trailing slashes. */
export function linkBase(baseUrl: string): string {
  if (baseUrl !== lastUrl) {
    lastBase = baseUrl.replace(/\/+$/, '');
    lastUrl = baseUrl;
  }
  return lastBase;
}
