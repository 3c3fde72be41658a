import type { EmailMessage } from './email-message.js';
import { encodeBody } from './encode-body.js';
import { messageIdLocalPart } from './message-id.js';
import { MimeError, formatAddress, headerValue, rfc5322Date } from './mime-encoding.js';

export interface MimeOptions {
  /** Epoch ms, from the sender's Clock. */
  date: number;
  /** The domain of the Message-ID (the sending domain). */
  messageIdDomain: string;
}

const HEADER_NAME = /^[!-9;-~]+$/;
// Set by the builder; a caller's extra header must not duplicate or contradict them.
const RESERVED = new Set([
  'date',
  'from',
  'to',
  'reply-to',
  'subject',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'list-unsubscribe',
  'list-unsubscribe-post',
]);

// RFC 8058 one-click needs https, and mailbox providers ignore anything else. The one exception
// is a Cairn on this machine (the default CAIRN_PUBLIC_URL, http://127.0.0.1:4000): refusing it
// would leave the dev outbox without a single marketing email, and nothing there reaches an inbox.
const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//i;

function checkLink(url: string, scheme: 'https:' | 'mailto:'): string {
  const allowed = url.startsWith(scheme) || (scheme === 'https:' && LOOPBACK_HTTP.test(url));
  if (!allowed || /[\s<>]/.test(url) || url.length > 900) {
    throw new MimeError(
      'missing_unsubscribe',
      `List-Unsubscribe needs a ${scheme} URL, not ${url}`,
    );
  }
  return url;
}

/**
 * The complete RFC 5322 message, as the bytes SMTP sends and the dev outbox writes:
 * multipart/alternative with the text part first (clients show the last part they understand).
 * Throws MimeError for a message that must not go out as it is.
 */
export function buildMimeMessage(message: EmailMessage, options: MimeOptions): Buffer {
  return buildMimeFromBytes(message, Buffer.from(message.text), Buffer.from(message.html), options);
}

/**
 * `buildMimeMessage` with the bodies already UTF-8 (the dev outbox's writer thread receives them
 * so); `message.text` and `message.html` are not read.
 */
export function buildMimeFromBytes(
  message: Omit<EmailMessage, 'text' | 'html'>,
  textBytes: Buffer,
  htmlBytes: Buffer,
  options: MimeOptions,
): Buffer {
  const local = messageIdLocalPart(message.idempotencyKey);
  const boundary = `=_cairn_${local}`;
  const headers = [
    `Date: ${rfc5322Date(options.date)}`,
    `From: ${formatAddress(message.from)}`,
    `To: ${formatAddress(message.to)}`,
  ];
  if (message.replyTo) headers.push(`Reply-To: ${formatAddress(message.replyTo)}`);
  headers.push(
    `Subject: ${headerValue(message.subject, 7)}`,
    `Message-ID: <${local}@${options.messageIdDomain}>`,
    'MIME-Version: 1.0',
  );
  if (message.category === 'marketing' && !message.unsubscribe) {
    throw new MimeError('missing_unsubscribe', 'a marketing email needs unsubscribe links');
  }
  if (message.unsubscribe) {
    const https = checkLink(message.unsubscribe.https, 'https:');
    const mailto = checkLink(message.unsubscribe.mailto, 'mailto:');
    // RFC 8058: the https URI answers a POST with this body, no confirmation page in between.
    headers.push(
      `List-Unsubscribe: <${https}>,\r\n <${mailto}>`,
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
  }
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!HEADER_NAME.test(name) || RESERVED.has(name.toLowerCase())) {
      throw new MimeError('invalid_header', `cannot set the header ${JSON.stringify(name)}`);
    }
    headers.push(`${name}: ${headerValue(value, name.length)}`);
  }
  headers.push(`Content-Type: multipart/alternative;\r\n boundary="${boundary}"`);
  const text = encodeBody(textBytes, boundary);
  const html = encodeBody(htmlBytes, boundary);
  // Everything but the bodies is ASCII by construction (encoded words), and so are the bodies
  // once encoded (7bit or quoted-printable): one buffer, each piece copied into it once.
  const pieces = [
    `${headers.join('\r\n')}\r\n\r\n` +
      `--${boundary}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Transfer-Encoding: ${text.encoding}\r\n\r\n`,
    text.body,
    '\r\n' +
      `--${boundary}\r\n` +
      'Content-Type: text/html; charset=utf-8\r\n' +
      `Content-Transfer-Encoding: ${html.encoding}\r\n\r\n`,
    html.body,
    `\r\n--${boundary}--\r\n`,
  ];
  let size = 0;
  for (const piece of pieces) size += piece.length;
  const raw = Buffer.allocUnsafe(size);
  let at = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') at += raw.write(piece, at, 'latin1');
    else {
      raw.set(piece, at);
      at += piece.length;
    }
  }
  return raw;
}
