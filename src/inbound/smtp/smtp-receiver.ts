import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { InboundMailError } from '../read-inbound-mail.js';

export interface SmtpReceiverOptions {
  port: number;
  host: string;
  /** Mail is accepted only for addresses at this domain (the unsubscribe mailbox's). */
  domain: string;
  /** The largest email accepted, in bytes (announced with SIZE, RFC 1870). */
  maxBytes: number;
  /**
   * Processes one received email. Its result decides the answer to DATA: done, 250; an
   * InboundMailError (not an email), 554; anything else (the database is away), 451, so the
   * sending server keeps the mail and tries again later.
   */
  onMail(raw: Buffer): Promise<unknown>;
  onError?: (error: unknown) => void;
}

export interface SmtpReceiver {
  /** The port it listens on (the one chosen by the system when asked for 0). */
  readonly port: number;
  close(): Promise<void>;
}

function reply(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * A small SMTP server for the unsubscribe/bounce mailbox (CAIRN_INBOUND_SMTP_PORT): mail
 * servers deliver `mailto:` unsubscribes, bounces and complaints to it directly, and each email
 * goes to the same processor as `POST /api/inbound/email`. It relays nothing and takes mail for
 * one domain only; no AUTH, and no STARTTLS (put it behind the MX that terminates TLS, or on a
 * private network). smtp-server is imported in this folder only.
 */
export async function startSmtpReceiver(options: SmtpReceiverOptions): Promise<SmtpReceiver> {
  const domain = options.domain.toLowerCase();
  const server = new SMTPServer({
    banner: 'Cairn inbound mail',
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: options.maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      const at = address.address.lastIndexOf('@');
      if (at === -1 || address.address.slice(at + 1).toLowerCase() !== domain) {
        return callback(reply(550, `5.7.1 Relaying denied: this server takes mail for ${domain}`));
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, _session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      // Past the limit the rest is read and dropped, not kept: the answer is 552 anyway.
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > options.maxBytes) {
          return callback(reply(552, `5.3.4 Message too big: ${options.maxBytes} bytes at most`));
        }
        options.onMail(Buffer.concat(chunks)).then(
          () => callback(null, 'Accepted'),
          (error: unknown) => {
            if (error instanceof InboundMailError) {
              return callback(reply(554, `5.6.0 ${error.message}`));
            }
            options.onError?.(error);
            callback(reply(451, '4.3.0 Temporary failure; try again later'));
          },
        );
      });
    },
  });
  server.on('error', (error) => options.onError?.(error));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
