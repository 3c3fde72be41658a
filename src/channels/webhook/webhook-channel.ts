import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { JsonObject } from '../../core/types.js';
import { version } from '../../core/version.js';
import { failed, sent, type Channel, type OutboundMessage, type SendResult } from '../channel.js';
import { postJson } from '../http-delivery.js';
import { signWebhook } from './webhook-signature.js';

export interface WebhookMessage extends OutboundMessage {
  url: string;
  /** The endpoint's `whsec_…` secret. */
  secret: string;
  /** What happened, dotted: `journey.notify`, `user.pricing_intent`. */
  type: string;
  data: JsonObject;
  /** When it happened (epoch ms); default: when sent. Keeps the body identical across retries. */
  occurredAt?: number;
}

export interface WebhookChannelOptions {
  clock: Clock;
  /** Injected for tests; default: the global fetch. */
  fetch?: typeof fetch;
  /** Default 15 s: a receiver should answer fast and queue its own work. */
  timeoutMs?: number;
}

/** `msg_` + 27 characters derived from the idempotency key: the same across retries, so a
 * receiver that already processed it can recognise it (Standard Webhooks asks for exactly that). */
export function webhookId(idempotencyKey: string): string {
  return `msg_${createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 27)}`;
}

/**
 * POSTs `{ type, timestamp, data }` (the Standard Webhooks payload shape) signed with the
 * endpoint's secret. `webhook-timestamp` is the time of this attempt, from the Clock, so each
 * retry is freshly signed and passes the receiver's replay window.
 */
export class WebhookChannel implements Channel<WebhookMessage> {
  readonly name = 'webhook';
  private readonly fetch: typeof fetch;

  constructor(private readonly options: WebhookChannelOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async send(message: WebhookMessage): Promise<SendResult> {
    if (!/^https?:\/\//i.test(message.url)) {
      return failed('permanent', 'invalid_url', `not an http(s) URL: ${message.url}`);
    }
    const now = this.options.clock.now();
    const id = webhookId(message.idempotencyKey);
    const timestamp = Math.floor(now / 1000);
    const body = JSON.stringify({
      type: message.type,
      timestamp: new Date(message.occurredAt ?? now).toISOString(),
      data: message.data,
    });
    let signature: string;
    try {
      signature = signWebhook(message.secret, id, timestamp, body);
    } catch (error) {
      return failed('permanent', 'invalid_secret', (error as Error).message);
    }
    const outcome = await postJson(
      this.fetch,
      {
        url: message.url,
        body,
        headers: {
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
          'user-agent': `Cairn/${version()} (webhooks)`,
        },
        timeoutMs: this.options.timeoutMs ?? 15_000,
      },
      () => this.options.clock.now(),
    );
    return outcome.ok ? sent(id, `HTTP ${outcome.status}`) : { ok: false, error: outcome.error };
  }

  async close(): Promise<void> {}
}
