import { createHash } from 'node:crypto';

/**
 * The Message-ID of the email an idempotency key produces: the same key gives the same id, so a
 * retry after a lost SMTP acknowledgement is recognisable downstream as a duplicate, and bounces
 * and complaints (which quote the Message-ID) lead back to the message. The local part is also
 * the dev outbox's file name.
 */
export function messageIdLocalPart(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
}

export function messageId(idempotencyKey: string, domain: string): string {
  return `<${messageIdLocalPart(idempotencyKey)}@${domain}>`;
}
