/** Browser origins allowed to call the in-app API: any (`*`), or a list. */
export type AllowedOrigins = '*' | readonly string[];

/**
 * Reads CAIRN_INAPP_ORIGINS (or CAIRN_INGEST_ORIGINS, named by `variable`): `*` (the default: the user hash, not the origin, is what keeps
 * one user out of another's inbox) or a comma-separated list of origins such as
 * `https://app.example.com,https://staging.example.com`, to refuse calls from any other page.
 */
export function parseAllowedOrigins(
  text: string | undefined,
  variable = 'CAIRN_INAPP_ORIGINS',
): AllowedOrigins {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0 || entries.includes('*')) return '*';
  return entries.map((entry) => {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`${variable}: "${entry}" is not an origin like https://app.example.com`);
    }
    if (!/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '').toLowerCase())
      throw new Error(
        `${variable}: "${entry}" is not an origin (scheme, host and port only, like https://app.example.com)`,
      );
    return url.origin;
  });
}
