import type { DeliveryError } from './channel.js';

export interface HttpPost {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export type HttpOutcome = { ok: true; status: number } | { ok: false; error: DeliveryError };

/**
 * POSTs and classifies the answer, for the webhook and Slack channels. Redirects are not
 * followed: a receiver that moved must be reconfigured, not silently chased to another host.
 * `now` (epoch ms, from a Clock) turns an HTTP-date `Retry-After` into a delay.
 */
export async function postJson(
  fetchImpl: typeof fetch,
  request: HttpPost,
  now: () => number,
): Promise<HttpOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const e = error as Error;
    const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
    const cause = (e.cause as Error | undefined)?.message;
    return {
      ok: false,
      error: {
        kind: 'temporary',
        code: timeout ? 'timeout' : 'connection',
        message: timeout ? `no answer within ${request.timeoutMs} ms` : (cause ?? e.message),
      },
    };
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel();
    return { ok: true, status: response.status };
  }
  const text = (await response.text().catch(() => '')).slice(0, 300);
  const retryAfter = retryAfterMs(response.headers.get('retry-after'), now());
  return { ok: false, error: classifyHttpStatus(response.status, text, retryAfter) };
}

/**
 * 408 (timeout), 425 (too early), 429 (rate limited) and 5xx are worth retrying; other 4xx mean
 * this request will never be accepted (bad payload, gone, forbidden), and so do redirects.
 */
export function classifyHttpStatus(
  status: number,
  text: string,
  retryAfter: number | null,
): DeliveryError {
  const code = `http_${status}`;
  const message = text ? `HTTP ${status}: ${text}` : `HTTP ${status}`;
  const temporary = status === 408 || status === 425 || status === 429 || status >= 500;
  if (!temporary) return { kind: 'permanent', code, message };
  return retryAfter === null
    ? { kind: 'temporary', code, message }
    : { kind: 'temporary', code, message, retryAfterMs: retryAfter };
}

/** `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT` → ms from now. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
