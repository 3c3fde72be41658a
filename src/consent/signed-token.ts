import { createHmac, timingSafeEqual } from 'node:crypto';
import { linkKey } from './link-key.js';

/**
 * What a token lets its holder do. `message`: everything a recipient may do about one message —
 * unsubscribe (from its topic), open the preference page, view it in a browser, count an open;
 * the route says which, and one token serves all four links, so a message costs one signature.
 * That grants nothing the recipient lacks: the preference page can unsubscribe too. `click`
 * carries a destination and is refused as a message token, and the other way round.
 */
export type TokenPurpose = 'message' | 'click';

export interface TokenClaims {
  purpose: TokenPurpose;
  /** The profile id of the recipient. */
  userId: string;
  /** The message's idempotency key: ties clicks and unsubscribes to the message that caused them. */
  messageKey?: string;
  /** The subscription topic of the message: what its unsubscribe link leaves. */
  topic?: string;
  /** A click link's destination; signed, so the redirect cannot be turned into an open redirect. */
  url?: string;
  /** Epoch ms after which the token is refused, whatever the route. */
  expiresAt?: number;
  /** Epoch ms the link's lifetime counts from, when it is not its message's creation (the
   * delivery log's `createdAt`, what message links count from): each route refuses a token past
   * its own lifetime (config/link-lifetimes.ts), so an unsubscribe link outlives a view link. */
  issuedAt?: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'wrong-purpose' | 'expired' };

const PURPOSE_CODES: Record<TokenPurpose, string> = { message: 'm', click: 'c' };
const PURPOSES = new Map(Object.entries(PURPOSE_CODES).map(([k, v]) => [v, k as TokenPurpose]));

/** 128 bits of HMAC-SHA256: ample against forgery (RFC 2104 §5) and keeps links short. */
const SIGNATURE_BYTES = 16;

// Short keys keep URLs short: these tokens end up in every email, several times.
interface Wire {
  p: string;
  u: string;
  m?: string;
  t?: string;
  l?: string;
  e?: number;
  i?: number;
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, SIGNATURE_BYTES);
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `mac(…)` as base64url, straight from the digest (links are signed for every email sent). */
function macText(key: Buffer, payload: string): string {
  const full = createHmac('sha256', key).update(payload).digest('base64url');
  // 16 bytes are 21 characters and 2 bits: the 22nd character keeps those 2 bits, then zeros.
  return full.slice(0, 21) + BASE64URL[BASE64URL.indexOf(full[21]) & 0b110000];
}

/** `<base64url JSON claims>.<base64url signature>`: URL-safe, no padding, readable when decoded. */
export function signToken(workspaceSecret: string, claims: TokenClaims): string {
  const wire: Wire = { p: PURPOSE_CODES[claims.purpose], u: claims.userId };
  if (claims.messageKey !== undefined) wire.m = claims.messageKey;
  if (claims.topic !== undefined) wire.t = claims.topic;
  if (claims.url !== undefined) wire.l = claims.url;
  if (claims.expiresAt !== undefined) wire.e = claims.expiresAt;
  // Seconds are enough for a lifetime counted in days, and keep the token short.
  if (claims.issuedAt !== undefined) wire.i = Math.floor(claims.issuedAt / 1000);
  const payload = Buffer.from(JSON.stringify(wire)).toString('base64url');
  return `${payload}.${macText(linkKey(workspaceSecret), payload)}`;
}

/**
 * Checks a token in constant time (per key) and returns its claims. `secrets` may list several
 * workspace secrets, newest first, so a rotated secret keeps old links working for a while.
 * `now` comes from the caller's Clock.
 */
export function verifyToken(
  secrets: string | readonly string[],
  token: string,
  purpose: TokenPurpose,
  now: number,
): TokenCheck {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed' };
  const payload = token.slice(0, dot);
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  if (signature.length !== SIGNATURE_BYTES) return { ok: false, reason: 'malformed' };
  let valid = false;
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    // Every key is tried, not just until one matches, so timing says nothing about which matched.
    if (timingSafeEqual(mac(linkKey(secret), payload), signature)) valid = true;
  }
  if (!valid) return { ok: false, reason: 'bad-signature' };
  const claims = decode(payload);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (claims.purpose !== purpose) return { ok: false, reason: 'wrong-purpose' };
  if (claims.expiresAt !== undefined && now >= claims.expiresAt) {
    return { ok: false, reason: 'expired' };
  }
  return { ok: true, claims };
}

function decode(payload: string): TokenClaims | null {
  let wire: Partial<Wire>;
  try {
    wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Wire>;
  } catch {
    return null;
  }
  const purpose = typeof wire.p === 'string' ? PURPOSES.get(wire.p) : undefined;
  if (!purpose || typeof wire.u !== 'string') return null;
  const claims: TokenClaims = { purpose, userId: wire.u };
  if (typeof wire.m === 'string') claims.messageKey = wire.m;
  if (typeof wire.t === 'string') claims.topic = wire.t;
  if (typeof wire.l === 'string') claims.url = wire.l;
  if (typeof wire.e === 'number') claims.expiresAt = wire.e;
  if (typeof wire.i === 'number' && Number.isSafeInteger(wire.i)) claims.issuedAt = wire.i * 1000;
  return claims;
}
