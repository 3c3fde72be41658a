import type { Clock } from '../../core/clock.js';
import type { JsonObject } from '../../core/types.js';
import {
  classifyInboundMail,
  type InboundClassification,
} from '../../inbound/classify-inbound-mail.js';
import { readInboundMail } from '../../inbound/read-inbound-mail.js';
import type { Store } from '../../store/store.js';
import { unsubscribeRecipient } from '../consent/unsubscribe-recipient.js';
import type { Workspace } from '../workspace.js';
import { recordEmailFeedback } from './record-email-feedback.js';

/** The largest inbound email taken, over HTTP or SMTP: reports quote at most the original. */
export const INBOUND_MAIL_LIMIT = 1024 * 1024;

export interface InboundMailDeps {
  store: Store;
  workspace: Workspace;
  clock: Clock;
  /** The secret(s) message tokens are signed with, as the one-click route checks them. */
  workspaceSecret: string | readonly string[];
}

export interface InboundResult {
  outcome: 'unsubscribe' | 'bounce' | 'complaint' | 'ignored';
  /** What was found and done, in words. */
  reason: string;
  /** The profile concerned; null when ignored. */
  userId: string | null;
}

/**
 * Processes one email received by the unsubscribe/bounce mailbox (the raw RFC 5322 bytes): reads
 * and classifies it (src/inbound/, pure), then writes what it asks for. Each write is idempotent:
 * the same email processed twice changes nothing the second time. Throws InboundMailError for
 * bytes that are not an email.
 */
export async function processInboundMail(
  deps: InboundMailDeps,
  raw: Buffer,
): Promise<InboundResult> {
  const mail = await readInboundMail(raw);
  const now = deps.clock.now();
  const classified = classifyInboundMail(mail, { secrets: deps.workspaceSecret, now });
  switch (classified.outcome) {
    case 'ignored':
      return { outcome: 'ignored', reason: classified.reason, userId: null };
    case 'unsubscribe': {
      const { claims } = classified;
      const done = await unsubscribeRecipient(deps.store, deps.workspace, claims, 'email', now);
      const what = claims.topic ? `the topic ${claims.topic}` : 'all marketing email';
      return {
        outcome: 'unsubscribe',
        reason: done.applied.length ? `left ${what}` : `had already left ${what}`,
        userId: done.profileId,
      };
    }
    default:
      return feedback(deps, classified, mail.messageId, now);
  }
}

async function feedback(
  deps: InboundMailDeps,
  classified: Extract<InboundClassification, { outcome: 'bounce' | 'complaint' }>,
  reportId: string | null,
  now: number,
): Promise<InboundResult> {
  const { originalMessageId } = classified;
  const message = await deps.store.findMessageByProviderId(originalMessageId);
  if (!message || message.channel !== 'email') {
    return {
      outcome: 'ignored',
      reason: `no email in the delivery log has the Message-ID ${originalMessageId}`,
      userId: null,
    };
  }
  if (classified.outcome === 'bounce') {
    const { status, recipient, diagnostic } = classified.failure;
    const properties: JsonObject = { status, recipient, diagnostic, report: reportId };
    const detail = diagnostic ? `${status} ${diagnostic}` : status;
    const done = await recordEmailFeedback(
      deps.store,
      deps.workspace,
      { kind: 'bounce', message, detail, properties },
      now,
    );
    return {
      outcome: 'bounce',
      reason:
        `permanent failure ${status}${recipient ? ` for ${recipient}` : ''}: ` +
        (done.suppressed ? 'email suppressed' : 'email was already suppressed'),
      userId: message.profileId,
    };
  }
  const { feedbackType } = classified;
  const done = await recordEmailFeedback(
    deps.store,
    deps.workspace,
    {
      kind: 'complaint',
      message,
      detail: `feedback type ${feedbackType}`,
      properties: { feedbackType, report: reportId },
    },
    now,
  );
  const changed = done.suppressed || done.unsubscribed;
  return {
    outcome: 'complaint',
    reason:
      `${feedbackType} report: ` +
      (changed
        ? 'email suppressed and all marketing left'
        : 'email was already suppressed and all marketing left'),
    userId: message.profileId,
  };
}
