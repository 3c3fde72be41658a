import type { Definitions } from '../definitions/index.js';
import { decideDelivery, type Consent, type RecentSend } from '../engine/delivery/index.js';
import type { NotifyCommand, SendCommand } from '../engine/journeys/index.js';
import type { MessageRecord } from './message-record.js';

/** What the outbox needs of a user: consent, recent deliveries (appended to), time zone. */
export interface Recipient {
  consent: Consent;
  recent: RecentSend[];
  timeZone: string;
}

/**
 * The message queue and channels, in memory: each effect is performed at most once per
 * idempotency key (the unique index of the real queue), sends go through the delivery policy,
 * and every outcome is recorded instead of delivered.
 */
export class InMemoryOutbox {
  readonly messages: MessageRecord[] = [];
  private readonly done = new Set<string>();

  /** Delivers, records and returns null; or returns when to try again (deferred). */
  send(
    command: SendCommand & { persona: string | null },
    to: Recipient,
    now: number,
    definitions: Definitions,
  ): number | null {
    if (this.done.has(command.idempotencyKey)) return null;
    if (command.heldOut) {
      this.done.add(command.idempotencyKey);
      this.record(command, 'send', 'held_out', 'held out: would have been sent', now);
      return null;
    }
    const decision = decideDelivery({
      send: command,
      recent: to.recent,
      consent: to.consent,
      timeZone: to.timeZone,
      now,
      policy: definitions.delivery,
      topics: definitions.topics,
    });
    if (decision.decision === 'defer') {
      this.record(command, 'send', 'deferred', decision.reason, now);
      return decision.until;
    }
    this.done.add(command.idempotencyKey);
    if (decision.decision === 'send') {
      const { channel, transactional, priority } = command;
      to.recent.push({ at: now, channel, transactional, priority });
      this.record(command, 'send', 'sent', decision.reason, now);
    } else {
      const status = decision.decision === 'cap' ? 'capped' : 'suppressed';
      this.record(command, 'send', status, decision.reason, now);
    }
    return null;
  }

  /** Team alerts are not the user's inbox: no policy, only the holdout. */
  notify(command: NotifyCommand, now: number): void {
    if (this.done.has(command.idempotencyKey)) return;
    this.done.add(command.idempotencyKey);
    if (command.heldOut) this.record(command, 'notify', 'held_out', 'held out', now);
    else this.record(command, 'notify', 'notified', `to ${command.to ?? command.channel}`, now);
  }

  /** Whether an effect with this key was already performed (updates use it too). */
  claim(key: string): boolean {
    if (this.done.has(key)) return false;
    this.done.add(key);
    return true;
  }

  private record(
    command: (SendCommand & { persona: string | null }) | NotifyCommand,
    kind: MessageRecord['kind'],
    status: MessageRecord['status'],
    reason: string,
    at: number,
  ): void {
    this.messages.push({
      at,
      userId: command.userId,
      journeyId: command.journeyId,
      stepId: command.stepId,
      kind,
      channel: command.channel,
      template: command.template,
      persona: 'persona' in command ? command.persona : null,
      status,
      reason,
      idempotencyKey: command.idempotencyKey,
    });
  }
}
