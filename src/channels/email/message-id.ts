import { createHash } from 'node:crypto';

// The MIME builder and the outbox's file name ask for the same message one after the other.
let lastKey: string | undefined;
let lastLocal = '';

/**
 * The Message-ID of the email an idempotency key produces: the same key gives the same id, so a
 * retry after a lost SMTP acknowledgement is recognisable downstream as a duplicate, and bounces
 * and complaints (which quote the Message-ID) lead back to the message. The local part is also
 * the dev outbox's file name.
 */
export function messageIdLocalPart(idempotencyKey: string): string {
  if (idempotencyKey !== lastKey) {
    lastLocal = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
    lastKey = idempotencyKey;
  }
  return lastLocal;
}

export function messageId(idempotencyKey: string, domain: string): string {
  return `<${messageIdLocalPart(idempotencyKey)}@${domain}>`;
}
