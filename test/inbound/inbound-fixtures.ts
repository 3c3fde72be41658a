/**
 * Inbound mail as it arrives at the unsubscribe/bounce mailbox, written out by hand with CRLF
 * line ends: a mail client's reply to a `mailto:` List-Unsubscribe, a Postfix bounce (RFC 3464)
 * and a feedback-loop complaint (ARF, RFC 5965) in the shape large mailbox providers send.
 */
const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

/** What Apple Mail / Thunderbird send for `mailto:unsub@…?subject=unsubscribe%20TOKEN`. */
export function mailtoUnsubscribe(options: {
  to: string;
  subject: string;
  from?: string;
  body?: string;
  messageId?: string;
}): Buffer {
  return crlf([
    `From: Dana Reyes <${options.from ?? 'dana@acme.test'}>`,
    `To: ${options.to}`,
    `Subject: ${options.subject}`,
    'Date: Mon, 5 Jan 2026 12:03:11 +0000',
    `Message-ID: ${options.messageId ?? '<7E1C2A4B-93D0-4F7A-8E51-0C2D9B1F6A11@acme.test>'}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    'X-Mailer: Apple Mail (2.3774.600.62)',
    '',
    options.body ?? '',
    '',
  ]);
}

/** A Postfix "Undelivered Mail Returned to Sender", quoting the headers of the bounced email. */
export function postfixBounce(options: {
  originalMessageId: string;
  recipient?: string;
  action?: string;
  status?: string;
  diagnostic?: string;
  messageId?: string;
}): Buffer {
  const recipient = options.recipient ?? 'dana@acme.test';
  const status = options.status ?? '5.1.1';
  const diagnostic =
    options.diagnostic ??
    `smtp; 550 ${status} <${recipient}>: Recipient address rejected: User unknown in virtual mailbox table`;
  const fold = diagnostic.lastIndexOf(' ', 60);
  return crlf([
    'Return-Path: <>',
    'Received: by mx1.mail.tasklane.test (Postfix)',
    '\tid 4dRq3k1x2Wz9sWP; Mon,  5 Jan 2026 12:02:41 +0000 (UTC)',
    'Date: Mon,  5 Jan 2026 12:02:41 +0000 (UTC)',
    'From: MAILER-DAEMON@mx1.mail.tasklane.test (Mail Delivery System)',
    'Subject: Undelivered Mail Returned to Sender',
    'To: bounces@mail.tasklane.test',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="4dRq3k1x2Wz9sWP.1767614561/mx1.mail.tasklane.test"',
    'Content-Transfer-Encoding: 8bit',
    `Message-Id: ${options.messageId ?? '<4dRq3k1x2Wz9sWP.1767614561@mx1.mail.tasklane.test>'}`,
    '',
    'This is a MIME-encapsulated message.',
    '',
    '--4dRq3k1x2Wz9sWP.1767614561/mx1.mail.tasklane.test',
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'This is the mail system at host mx1.mail.tasklane.test.',
    '',
    "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients. It's attached below.",
    '',
    `<${recipient}>: host mx.acme.test[203.0.113.25] said: 550 ${status}`,
    '    Recipient address rejected: User unknown (in reply to RCPT TO command)',
    '',
    '--4dRq3k1x2Wz9sWP.1767614561/mx1.mail.tasklane.test',
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx1.mail.tasklane.test',
    'X-Postfix-Queue-ID: 4dRq3k1x2Wz9sWP',
    'X-Postfix-Sender: rfc822; bounces@mail.tasklane.test',
    'Arrival-Date: Mon,  5 Jan 2026 12:02:40 +0000 (UTC)',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Original-Recipient: rfc822;${recipient}`,
    `Action: ${options.action ?? 'failed'}`,
    `Status: ${status}`,
    'Remote-MTA: dns; mx.acme.test',
    // Folded at a space, as Postfix does past 78 characters.
    `Diagnostic-Code: ${diagnostic.slice(0, fold)}`,
    `    ${diagnostic.slice(fold + 1)}`,
    '',
    '--4dRq3k1x2Wz9sWP.1767614561/mx1.mail.tasklane.test',
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Return-Path: <bounces@mail.tasklane.test>',
    'Date: Mon, 05 Jan 2026 12:00:00 +0000',
    'From: Tasklane <hello@tasklane.test>',
    `To: ${recipient}`,
    'Subject: A tip for dana',
    `Message-ID: ${options.originalMessageId}`,
    'MIME-Version: 1.0',
    '',
    '--4dRq3k1x2Wz9sWP.1767614561/mx1.mail.tasklane.test--',
    '',
  ]);
}

/**
 * A feedback-loop report (ARF) as large mailbox providers send it: a human-readable part, the
 * machine-readable `message/feedback-report` and the reported email as `message/rfc822`.
 */
export function arfComplaint(options: {
  originalMessageId: string;
  feedbackType?: string;
  recipient?: string;
  messageId?: string;
}): Buffer {
  const recipient = options.recipient ?? 'dana@acme.test';
  return crlf([
    'Return-Path: <fbl@feedback.mailbox.test>',
    'From: Mailbox Feedback Loop <fbl@feedback.mailbox.test>',
    'To: fbl@mail.tasklane.test',
    'Subject: FW: A tip for dana',
    'Date: Tue, 6 Jan 2026 08:15:02 -0800',
    `Message-ID: ${options.messageId ?? '<fbl-20260106081502-8c1f@feedback.mailbox.test>'}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report;',
    '    boundary="----=_Part_81124_1767716102"',
    '',
    '------=_Part_81124_1767716102',
    'Content-Type: text/plain; charset="US-ASCII"',
    'Content-Transfer-Encoding: 7bit',
    '',
    'This is an email abuse report for an email message received from IP',
    '198.51.100.7 on Mon, 05 Jan 2026 12:00:01 +0000.',
    '',
    '------=_Part_81124_1767716102',
    'Content-Type: message/feedback-report',
    '',
    `Feedback-Type: ${options.feedbackType ?? 'abuse'}`,
    'User-Agent: MailboxFBL/2.1',
    'Version: 1',
    'Original-Mail-From: <bounces@mail.tasklane.test>',
    `Original-Rcpt-To: <${recipient}>`,
    'Received-Date: Mon, 05 Jan 2026 12:00:01 +0000',
    'Source-IP: 198.51.100.7',
    'Reported-Domain: tasklane.test',
    '',
    '------=_Part_81124_1767716102',
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    'Received: from mail.tasklane.test (mail.tasklane.test [198.51.100.7])',
    '        by mx.mailbox.test with ESMTPS id q7si1;',
    '        Mon, 05 Jan 2026 04:00:01 -0800 (PST)',
    'Date: Mon, 05 Jan 2026 12:00:00 +0000',
    'From: Tasklane <hello@tasklane.test>',
    'To: redacted@acme.test',
    'Subject: A tip for dana',
    `Message-ID: ${options.originalMessageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Try saved reports.',
    '',
    '------=_Part_81124_1767716102--',
    '',
  ]);
}
