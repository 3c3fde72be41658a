/**
 * The channel port: delivers one rendered message to one recipient. Adapters live in their own
 * folders (`email/`, `webhook/`, `slack/`) and the runtime sees only this interface.
 *
 * A channel never throws for a delivery problem: it returns a classified error, so the runtime's
 * decision is mechanical — `temporary` is retried with backoff (`retry-policy.ts`) until the
 * attempts run out, `permanent` is recorded as failed at once. Throwing is left to programming
 * errors. Every message carries the idempotency key of the effect that produced it; adapters
 * derive from it what the receiving side can deduplicate on (Message-ID, `webhook-id`), so a retry
 * after a lost acknowledgement is recognisable as the same message.
 */
export interface Channel<M extends OutboundMessage> {
  readonly name: string;
  send(message: M): Promise<SendResult>;
  /** Releases connections; pending sends finish first. */
  close(): Promise<void>;
}

export interface OutboundMessage {
  /** Unique per effect (journey run + step + attempt-independent), stable across retries. */
  idempotencyKey: string;
}

export type SendResult =
  { ok: true; providerId: string; detail?: string } | { ok: false; error: DeliveryError };

export interface DeliveryError {
  kind: 'temporary' | 'permanent';
  /** Stable and short, for logs and counts: `smtp_451`, `http_503`, `timeout`, `invalid_address`. */
  code: string;
  message: string;
  /** The receiver asked to wait at least this long (HTTP `Retry-After`). */
  retryAfterMs?: number;
  /** The address itself was refused (a hard bounce): the runtime suppresses it. */
  suppress?: 'bounced';
}

export function sent(providerId: string, detail?: string): SendResult {
  return detail === undefined ? { ok: true, providerId } : { ok: true, providerId, detail };
}

export function failed(
  kind: DeliveryError['kind'],
  code: string,
  message: string,
  extra: Pick<DeliveryError, 'retryAfterMs' | 'suppress'> = {},
): SendResult {
  return { ok: false, error: { kind, code, message, ...extra } };
}
