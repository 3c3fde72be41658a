import { createTransport } from 'nodemailer';
import type { Clock } from '../../core/clock.js';
import { failed, sent, type Channel, type SendResult } from '../channel.js';
import { buildMimeMessage } from './build-mime-message.js';
import { classifySmtpError } from './classify-smtp-error.js';
import type { EmailMessage } from './email-message.js';
import { messageId } from './message-id.js';
import { MimeError } from './mime-encoding.js';

export interface SmtpChannelOptions {
  /**
   * `smtp://user:pass@host:587` upgrades with STARTTLS when the server offers it (add
   * `?requireTLS=true` to insist); `smtps://user:pass@host:465` speaks TLS from the start.
   * nodemailer reads further options from the query string (`?tls.servername=…`).
   */
  url: string;
  clock: Clock;
  /** The right-hand side of Message-IDs: the sending domain. */
  messageIdDomain: string;
  /** The envelope sender (bounces go there); default: the From address. */
  bounceAddress?: string;
  /** Connections kept open in the pool. Default 5. */
  maxConnections?: number;
  /** Trust settings, e.g. a private CA for a relay on the local network. */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Per-command socket timeout. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Email over SMTP, through a pool of nodemailer connections (one TLS handshake per connection,
 * not per message). The message bytes are built by `buildMimeMessage`, identical to what the dev
 * outbox writes; nodemailer only speaks the protocol. nodemailer is imported in this folder only.
 */
export class SmtpChannel implements Channel<EmailMessage> {
  readonly name = 'email';
  readonly delivery = 'smtp';
  private readonly transport;

  constructor(private readonly options: SmtpChannelOptions) {
    if (!/^smtps?:\/\//i.test(options.url)) {
      throw new Error('SMTP_URL must start with smtp:// or smtps://');
    }
    const timeout = options.timeoutMs ?? 30_000;
    this.transport = createTransport({
      url: options.url,
      pool: true,
      maxConnections: options.maxConnections ?? 5,
      // Reconnect now and then: some relays cap messages per session.
      maxMessages: 100,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      ...(options.tls ? { tls: options.tls } : {}),
    });
  }

  async send(message: EmailMessage): Promise<SendResult> {
    const { clock, messageIdDomain } = this.options;
    let raw: Buffer;
    try {
      raw = buildMimeMessage(message, { date: clock.now(), messageIdDomain });
    } catch (error) {
      if (error instanceof MimeError) return failed('permanent', error.code, error.message);
      throw error;
    }
    try {
      const info = await this.transport.sendMail({
        envelope: {
          from: this.options.bounceAddress ?? message.from.address,
          to: [message.to.address],
        },
        raw,
      });
      return sent(messageId(message.idempotencyKey, messageIdDomain), info.response);
    } catch (error) {
      return { ok: false, error: classifySmtpError(error) };
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
