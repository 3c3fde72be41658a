import type { JsonObject, Profile } from '../../core/types.js';
import {
  applyProfileUpdate,
  type JourneyCommand,
  type UpdateCommand,
} from '../../engine/journeys/index.js';
import type { MessageRecord } from '../../store/store.js';
import type { BatchWork } from '../batch-work.js';

/** An `update` command applied to the working copy of a profile, with the traits before it. */
export interface AppliedUpdate {
  command: UpdateCommand;
  traitsBefore: JsonObject;
  traitsAfter: JsonObject;
}

/**
 * Turns journey commands into writes of the current transaction. Sends and notifications become
 * messages in the delivery log — `queued` for the delivery worker, or `held_out` (recorded,
 * never delivered) — keyed by the command's idempotency key. Updates change the working copy of
 * the profile; they are returned, so the caller can feed what they changed back to the state
 * engine and the journeys (see update-feedback.ts). Waits need nothing here: the run's `wakeAt`
 * is its durable timer.
 */
export function performCommands(
  work: BatchWork,
  profile: Profile,
  commands: JourneyCommand[],
  now: number,
): AppliedUpdate[] {
  const updates: AppliedUpdate[] = [];
  for (const command of commands) {
    switch (command.op) {
      case 'send':
        work.messages.push(
          message(command, profile.id, now, {
            channel: command.channel,
            template: command.template,
            topic: command.topic,
            transactional: command.transactional,
            priority: command.priority,
            heldOut: command.heldOut,
            payload: { trigger: command.trigger as unknown as JsonObject },
          }),
        );
        break;
      case 'notify':
        work.messages.push(
          message(command, profile.id, now, {
            channel: command.channel,
            template: command.template,
            topic: null,
            // Alerts go to the team, not to the user: consent and caps do not apply.
            transactional: true,
            priority: 'high',
            heldOut: command.heldOut,
            payload: { trigger: command.trigger as unknown as JsonObject, to: command.to },
          }),
        );
        break;
      case 'update':
        work.changed(profile.id);
        updates.push({
          command,
          traitsBefore: applyProfileUpdate(profile, command),
          traitsAfter: { ...profile.traits },
        });
        break;
      default:
        break;
    }
  }
  return updates;
}

interface MessageFields {
  channel: string;
  template: string;
  topic: string | null;
  transactional: boolean;
  priority: string;
  heldOut: boolean;
  payload: JsonObject;
}

function message(
  command: { idempotencyKey: string; journeyId: string; runId: string; stepId: string },
  profileId: string,
  now: number,
  fields: MessageFields,
): MessageRecord {
  return {
    id: command.idempotencyKey,
    profileId,
    journeyId: command.journeyId,
    runId: command.runId,
    stepId: command.stepId,
    channel: fields.channel,
    template: fields.template,
    topic: fields.topic,
    transactional: fields.transactional,
    priority: fields.priority,
    state: fields.heldOut ? 'held_out' : 'queued',
    reason: fields.heldOut ? 'in the journey holdout: recorded, not delivered' : null,
    attempts: 0,
    providerId: null,
    dueAt: fields.heldOut ? null : now,
    leaseUntil: null,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
    payload: fields.payload,
  };
}
