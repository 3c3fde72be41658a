/** The admin API, called with the session cookie; changes carry the anti-forgery token. */
let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls the API. A read takes an analysis answer kept past its max age (`Cache-Control:
 * max-stale`): it comes at once marked `stale` while the server computes it anew, and `useApi`
 * then asks again with `fresh` for the new one. The browser's own cache is never used.
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; fresh?: boolean } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-cairn-csrf'] = csrfToken;
  else if (!init.fresh) headers['cache-control'] = 'max-stale';
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    cache: 'no-store',
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const message = json?.error?.message ?? json?.message ?? `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message);
  }
  return json as T;
}

/** Whether an answer is a kept one past its max age, being computed anew (`stale`, or a journeys
 * answer's `liftStale`). */
export function isStale(answer: unknown): boolean {
  if (!answer || typeof answer !== 'object') return false;
  const { stale, liftStale } = answer as { stale?: unknown; liftStale?: unknown };
  return stale === true || liftStale === true;
}

export const pct = (rate: number | null | undefined, digits = 1) =>
  rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(digits)} %`;

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.round(ms / 60_000)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

export const dateTime = (iso: string | null | undefined) =>
  iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : '—';

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface Rate {
  count: number;
  total: number;
  rate: number | null;
  low: number | null;
  high: number | null;
  small: boolean;
}

/** A link to the Users page filtered to the users behind a number (see GET /api/users). */
export function usersLink(filters: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
  return `#/users?${query.toString()}`;
}
