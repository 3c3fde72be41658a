import type { DeliveryError } from '../channel.js';

interface SmtpLikeError {
  message?: string;
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
}

// Trouble with the connection or the relay's configuration, not with this message: retrying later
// (after the operator fixes SMTP_URL or the relay recovers) can succeed.
const TRANSPORT_CODES: Record<string, string> = {
  ECONNECTION: 'connection',
  ESOCKET: 'connection',
  EDNS: 'dns',
  ETIMEDOUT: 'timeout',
  ETLS: 'tls',
  EPROTOCOL: 'protocol',
  EAUTH: 'auth',
  ENOAUTH: 'auth',
  EOAUTH2: 'auth',
  EMAXLIMIT: 'pool',
  EPROXY: 'proxy',
};

/**
 * Classifies what nodemailer reports. SMTP reply codes say it (RFC 5321 §4.2.1): 4yz is
 * transient, 5yz permanent — except 503 (bad command sequence: a session problem, fine on a new
 * connection) and authentication replies (the relay's configuration, not the message). A 5yz to
 * RCPT TO with an address status (5.1.x: no such mailbox, or 5.2.1: disabled) is a hard bounce,
 * which the runtime suppresses so the address is not mailed again; a policy refusal (5.7.x) is
 * permanent for this message but says nothing about the address.
 */
export function classifySmtpError(error: unknown): DeliveryError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpLikeError;
  const message = (e.response ?? e.message ?? String(error)).slice(0, 500);
  const transport = e.code ? TRANSPORT_CODES[e.code] : undefined;
  if (transport === 'auth') return { kind: 'temporary', code: 'auth', message };
  const reply = e.responseCode;
  if (reply && reply >= 400 && reply < 600) {
    const code = `smtp_${reply}`;
    if (reply < 500 || reply === 503) return { kind: 'temporary', code, message };
    const status = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})/.exec(e.response ?? '')?.[1];
    const addressProblem = !status || status.startsWith('5.1.') || status === '5.2.1';
    if (e.command === 'RCPT TO' && addressProblem) {
      return { kind: 'permanent', code, message, suppress: 'bounced' };
    }
    return { kind: 'permanent', code, message };
  }
  if (transport) return { kind: 'temporary', code: transport, message };
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') {
    return { kind: 'permanent', code: 'invalid_message', message };
  }
  // Unknown: retry; the attempt limit bounds it and the dead-letter state shows it.
  return { kind: 'temporary', code: 'unknown', message };
}
