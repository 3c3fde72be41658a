import { simpleParser, type SimpleParserOptions } from 'mailparser';
import { parseHeader, parseHeaderBlocks, type HeaderFields } from './header-fields.js';

/** What classifying an inbound email needs of it; everything else is left out. */
export interface InboundMail {
  /** Its own Message-ID, if it has one. */
  messageId: string | null;
  /** Decoded (RFC 2047); empty when it has none. */
  subject: string;
  /** The first non-blank line of its text (or of the text of its HTML), trimmed. */
  firstLine: string | null;
  /** The `report-type` of a `multipart/report` (RFC 6522), lower case; null for other mail. */
  reportType: string | null;
  /** A `message/delivery-status` part (RFC 3464): the per-message fields, then one block per
   * recipient. Empty when there is none. */
  deliveryStatus: HeaderFields[];
  /** A `message/feedback-report` part (RFC 5965), or null. */
  feedbackReport: HeaderFields | null;
  /** The header of the message a report is about (`message/rfc822`, `text/rfc822-headers`). */
  original: HeaderFields | null;
}

export class InboundMailError extends Error {
  readonly code = 'invalid_email';
}

const DELIVERY_STATUS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ORIGINAL = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'message/rfc822-headers',
  'message/global-headers',
]);
/** An RFC 5322 message starts with a header field (the names in use: letters, digits, `-`). */
const FIRST_FIELD = /^[A-Za-z0-9][A-Za-z0-9_.-]*[ \t]*:/;

/**
 * Reads the raw bytes of an email (RFC 5322, MIME) into what the classifier looks at. Pure: no
 * I/O, no clock. mailparser parses the MIME structure; the report parts, which it hands over as
 * attachments, are header-style text read by `header-fields.ts`. Throws InboundMailError for
 * bytes that are not an email at all.
 */
export async function readInboundMail(raw: Buffer): Promise<InboundMail> {
  // An mbox "From sender date" line, as a local delivery agent may put first (Postfix pipe F).
  const start = raw.subarray(0, 5).toString('latin1') === 'From ' ? raw.indexOf(0x0a) + 1 : 0;
  const bytes = start > 0 ? raw.subarray(start) : raw;
  if (!bytes.length) throw new InboundMailError('the body is empty: expected a raw email');
  if (!FIRST_FIELD.test(bytes.subarray(0, 1000).toString('latin1'))) {
    throw new InboundMailError('not an email: it does not start with a header field');
  }
  // The report parts as attachments, not folded into the text; a quoted message as one leaf,
  // so that its own header (its Message-ID) stays readable.
  const options: SimpleParserOptions = {
    keepDeliveryStatus: true,
    ignoreEmbedded: true,
    skipHtmlToText: false,
    skipTextLinks: true,
    skipImageLinks: true,
  };
  const mail = await simpleParser(bytes, options);
  const contentType = mail.headers.get('content-type') as
    { value: string; params: Record<string, string> } | undefined;
  const reportType =
    contentType?.value.toLowerCase() === 'multipart/report'
      ? (contentType.params['report-type'] ?? '').toLowerCase()
      : null;
  const inbound: InboundMail = {
    messageId: mail.messageId ?? null,
    subject: mail.subject ?? '',
    firstLine:
      (mail.text ?? '')
        .split(/\r?\n/)
        .find((line) => line.trim() !== '')
        ?.trim() ?? null,
    reportType,
    deliveryStatus: [],
    feedbackReport: null,
    original: null,
  };
  for (const part of mail.attachments) {
    const type = part.contentType.toLowerCase();
    const text = () => part.content.toString('utf8');
    if (DELIVERY_STATUS.has(type) && !inbound.deliveryStatus.length) {
      inbound.deliveryStatus = parseHeaderBlocks(text());
    } else if (type === 'message/feedback-report' && !inbound.feedbackReport) {
      inbound.feedbackReport = parseHeaderBlocks(text())[0] ?? new Map();
    } else if (ORIGINAL.has(type) && !inbound.original) {
      inbound.original = parseHeader(text());
    }
  }
  return inbound;
}
