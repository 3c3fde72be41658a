import { verifyToken, type TokenClaims } from '../consent/signed-token.js';
import type { HeaderFields } from './header-fields.js';
import type { InboundMail } from './read-inbound-mail.js';

/**
 * What an email received by the unsubscribe/bounce mailbox asks for:
 * - unsubscribe: a `mailto:` unsubscribe (List-Unsubscribe, RFC 2369) with a valid message token;
 * - bounce: a delivery status notification (RFC 3464) reporting a permanent failure (5.x.x);
 * - complaint: a feedback report (ARF, RFC 5965) from a mailbox provider's feedback loop;
 * - ignored: anything else, with the reason.
 * A bounce or a complaint names the email it is about by that email's Message-ID.
 */
export type InboundClassification =
  | { outcome: 'unsubscribe'; claims: TokenClaims }
  | { outcome: 'bounce'; originalMessageId: string; failure: DeliveryFailure }
  | { outcome: 'complaint'; originalMessageId: string; feedbackType: string }
  | { outcome: 'ignored'; reason: string };

export interface DeliveryFailure {
  /** The enhanced status code (RFC 3463), e.g. `5.1.1`. */
  status: string;
  /** The failed address (`Final-Recipient` without its type), or null. */
  recipient: string | null;
  /** What the remote server said (`Diagnostic-Code`), or null. */
  diagnostic: string | null;
}

export interface ClassifyOptions {
  /** The workspace secret(s) that sign message tokens, newest first. */
  secrets: string | readonly string[];
  /** From the caller's Clock (token expiry). */
  now: number;
}

/** `unsubscribe <token>`: the subject `build-links.ts` puts in the mailto URL. */
const UNSUBSCRIBE = /\bunsubscribe\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/i;
const STATUS = /^([245])\.\d{1,3}\.\d{1,3}\b/;

/** Decides what an inbound email is. Pure: the token check takes its time from `options`. */
export function classifyInboundMail(
  mail: InboundMail,
  options: ClassifyOptions,
): InboundClassification {
  if (mail.reportType === 'delivery-status' || mail.deliveryStatus.length) {
    return classifyDeliveryStatus(mail);
  }
  if (mail.reportType === 'feedback-report' || mail.feedbackReport) {
    return classifyFeedbackReport(mail);
  }
  if (mail.reportType !== null) {
    return ignored(
      `a report of type ${JSON.stringify(mail.reportType)}, not a bounce or complaint`,
    );
  }
  return classifyUnsubscribe(mail, options);
}

function classifyUnsubscribe(mail: InboundMail, options: ClassifyOptions): InboundClassification {
  const token = UNSUBSCRIBE.exec(mail.subject)?.[1] ?? UNSUBSCRIBE.exec(mail.firstLine ?? '')?.[1];
  if (!token) {
    return ignored(
      'not an unsubscribe (no "unsubscribe <token>" in the subject or first line), ' +
        'delivery status notification or feedback report',
    );
  }
  const check = verifyToken(options.secrets, token, 'message', options.now);
  if (!check.ok) return ignored(`the unsubscribe token is refused (${check.reason})`);
  return { outcome: 'unsubscribe', claims: check.claims };
}

/**
 * A DSN: its first block holds the per-message fields, each further block one recipient. Cairn
 * sends each email to one recipient, so the first permanent failure decides; a report of delays
 * or of transient failures (4.x.x: the relay keeps trying) changes nothing.
 */
function classifyDeliveryStatus(mail: InboundMail): InboundClassification {
  const [perMessage, ...recipients] = mail.deliveryStatus;
  if (!perMessage) return ignored('a delivery status notification without its status part');
  const outcomes: string[] = [];
  for (const fields of recipients) {
    const action = (fields.get('action') ?? '').toLowerCase();
    const status = STATUS.exec(fields.get('status') ?? '')?.[0] ?? null;
    outcomes.push(`${action || 'no action'} ${status ?? 'without status'}`);
    if (action !== 'failed' || !status?.startsWith('5.')) continue;
    const originalMessageId = originalId(mail, perMessage);
    if (!originalMessageId) return noOriginal('delivery status notification');
    const recipient = fields.get('final-recipient') ?? fields.get('original-recipient') ?? null;
    return {
      outcome: 'bounce',
      originalMessageId,
      failure: {
        status,
        recipient: recipient === null ? null : addressOf(recipient),
        diagnostic: fields.get('diagnostic-code') ?? null,
      },
    };
  }
  if (!outcomes.length) return ignored('a delivery status notification without recipients');
  return ignored(`not a permanent failure (${outcomes.join(', ')})`);
}

/** An ARF report. `not-spam` (RFC 6430) says the opposite of a complaint. */
function classifyFeedbackReport(mail: InboundMail): InboundClassification {
  const report = mail.feedbackReport;
  if (!report) return ignored('a feedback report without its message/feedback-report part');
  const feedbackType = (report.get('feedback-type') ?? '').toLowerCase();
  if (!feedbackType) return ignored('a feedback report without a Feedback-Type');
  if (feedbackType === 'not-spam') return ignored('a not-spam feedback report');
  const originalMessageId = originalId(mail, report);
  if (!originalMessageId) return noOriginal('feedback report');
  return { outcome: 'complaint', originalMessageId, feedbackType };
}

/**
 * The Message-ID of the email a report is about: from the quoted message or its header, else an
 * `Original-Message-ID` field of the report (some report generators add one), normalised to
 * `<local@domain>`, the form the delivery log keeps.
 */
function originalId(mail: InboundMail, report: HeaderFields): string | null {
  for (const value of [
    mail.original?.get('message-id'),
    report.get('original-message-id'),
    report.get('x-original-message-id'),
  ]) {
    const id = normaliseMessageId(value);
    if (id) return id;
  }
  return null;
}

export function normaliseMessageId(value: string | undefined | null): string | null {
  if (!value) return null;
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(value)?.[1];
  const bare = bracketed ?? /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(value)?.[1];
  return bare ? `<${bare}>` : null;
}

/** `rfc822; dana@acme.test` → `dana@acme.test` (RFC 3464 §2.3.2: address-type; address). */
function addressOf(value: string): string {
  const semicolon = value.indexOf(';');
  return (semicolon === -1 ? value : value.slice(semicolon + 1)).trim().replace(/^<|>$/g, '');
}

function noOriginal(what: string): InboundClassification {
  return ignored(`the ${what} does not quote the Message-ID of the email it is about`);
}

function ignored(reason: string): InboundClassification {
  return { outcome: 'ignored', reason };
}
