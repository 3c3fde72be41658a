/**
 * Abuse limits of the HTTP server. The defaults are far above what one honest sender needs (the
 * ingest benchmark sends some 300 requests a second from one address), so they only stop
 * floods; docs/configuration.md lists the variables.
 */
export interface Limits {
  /** Requests per window from one IP address, on every route; 0: no limit. */
  perIp: number;
  /** Requests per window with one key (public write key: per key and IP); 0: no limit. */
  perKey: number;
  /** The rate-limit window, in ms. */
  windowMs: number;
  /** The whole request (headers and body) must arrive within this, in ms. */
  requestTimeoutMs: number;
  /** The headers must arrive within this, in ms. */
  headersTimeoutMs: number;
  /** Open connections at most; more are closed as they arrive. 0: no cap. */
  maxConnections: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (Fastify's `trustProxy`):
   * false (none, the default), true (any), a hop count, or addresses and CIDR ranges. Behind a
   * reverse proxy, without it every request counts against the proxy's own address.
   */
  trustProxy: boolean | number | string[];
}

export const DEFAULT_LIMITS: Limits = {
  perIp: 60_000,
  perKey: 120_000,
  windowMs: 60_000,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  maxConnections: 10_000,
  trustProxy: false,
};

export function readLimits(env: NodeJS.ProcessEnv): Limits {
  const whole = (name: string, fallback: number, min = 0) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
      throw new Error(`${name} must be a whole number of at least ${min} (got ${text})`);
    }
    return value;
  };
  const requestTimeoutMs = whole('CAIRN_REQUEST_TIMEOUT_MS', DEFAULT_LIMITS.requestTimeoutMs, 1);
  return {
    perIp: whole('CAIRN_RATE_LIMIT_PER_IP', DEFAULT_LIMITS.perIp),
    perKey: whole('CAIRN_RATE_LIMIT_PER_KEY', DEFAULT_LIMITS.perKey),
    windowMs: whole('CAIRN_RATE_LIMIT_WINDOW_SECONDS', DEFAULT_LIMITS.windowMs / 1000, 1) * 1000,
    requestTimeoutMs,
    // Node requires the headers' limit not to exceed the whole request's.
    headersTimeoutMs: Math.min(
      whole('CAIRN_HEADERS_TIMEOUT_MS', DEFAULT_LIMITS.headersTimeoutMs, 1),
      requestTimeoutMs,
    ),
    maxConnections: whole('CAIRN_MAX_CONNECTIONS', DEFAULT_LIMITS.maxConnections),
    trustProxy: readTrustProxy(env.CAIRN_TRUST_PROXY),
  };
}

/** `true`, `false`, a hop count, or comma-separated addresses and CIDR ranges. */
function readTrustProxy(text: string | undefined): Limits['trustProxy'] {
  if (text === undefined || text === '' || /^(false|off|no)$/i.test(text)) return false;
  if (/^(true|on|yes)$/i.test(text)) return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
