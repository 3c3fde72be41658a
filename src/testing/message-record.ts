import type { NotifyChannel, SendChannel } from '../definitions/index.js';

/** One message as the in-memory runtime handled it (the delivery log of a scenario). */
export interface MessageRecord {
  at: number;
  userId: string;
  journeyId: string;
  stepId: string;
  kind: 'send' | 'notify';
  channel: SendChannel | NotifyChannel;
  template: string;
  /** The persona variant it was rendered with (`welcome.technical.mjml.liquid`: technical);
   * null for the base template and team alerts. */
  persona: string | null;
  status: 'sent' | 'notified' | 'held_out' | 'deferred' | 'capped' | 'suppressed';
  reason: string;
  idempotencyKey: string;
}
