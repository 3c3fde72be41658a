import type { Clock } from '../../core/clock.js';
import { failed, sent, type Channel, type OutboundMessage, type SendResult } from '../channel.js';
import { postJson } from '../http-delivery.js';
import type { SlackPayload } from './slack-payload.js';

export interface SlackMessage extends OutboundMessage {
  /** The incoming-webhook URL (a secret: whoever has it can post to the channel). */
  webhookUrl: string;
  payload: SlackPayload;
}

export interface SlackChannelOptions {
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Posts to a Slack incoming webhook (or a compatible one: Mattermost, Rocket.Chat). Slack answers
 * 200 `ok`, or an error word with a 4xx that retrying cannot fix (`invalid_payload`,
 * `channel_is_archived`, `no_service`), or 429 with Retry-After. Slack does not deduplicate, so
 * the runtime's idempotency key is what keeps an alert from being posted twice.
 */
export class SlackChannel implements Channel<SlackMessage> {
  readonly name = 'slack';

  constructor(private readonly options: SlackChannelOptions) {}

  async send(message: SlackMessage): Promise<SendResult> {
    if (!/^https?:\/\//i.test(message.webhookUrl)) {
      return failed('permanent', 'invalid_url', 'a Slack webhook URL is an http(s) URL');
    }
    const outcome = await postJson(
      this.options.fetch ?? globalThis.fetch,
      {
        url: message.webhookUrl,
        body: JSON.stringify(message.payload),
        headers: {},
        timeoutMs: this.options.timeoutMs ?? 10_000,
      },
      () => this.options.clock.now(),
    );
    // Slack returns no message id for webhooks; the idempotency key identifies the post.
    return outcome.ok
      ? sent(message.idempotencyKey, `HTTP ${outcome.status}`)
      : { ok: false, error: outcome.error };
  }

  async close(): Promise<void> {}
}
