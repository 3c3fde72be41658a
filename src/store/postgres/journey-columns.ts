import type { JourneyRun } from '../../engine/journeys/types.js';
import { consentDoc } from '../consent-rows.js';
import { runToRow } from '../run-rows.js';
import { storableJson } from '../safe-json.js';
import type { ConsentRecord, MessageRecord } from '../store.js';
import { packPayload } from '../trigger-rows.js';
import { bigintArray, boolArray, textArray } from './array-literal.js';

/**
 * Bulk parameters of runs, messages and consent, one per column, as in bulk-columns.ts: scalar
 * columns as array literals, documents and payloads as one JSON array. The order is that of the
 * queries' `ROWS FROM (…)` lists in queries/runs.ts, messages.ts and consents.ts.
 */
export function runColumns(runs: JourneyRun[]): string[] {
  const rows = runs.map(runToRow);
  const c = rows.map((r) => r.columns);
  return [
    textArray(c.map((r) => r.id)),
    textArray(c.map((r) => r.journeyId)),
    textArray(c.map((r) => r.userId)),
    textArray(c.map((r) => r.status)),
    boolArray(c.map((r) => r.heldOut)),
    textArray(c.map((r) => r.version)),
    bigintArray(c.map((r) => r.enteredAt)),
    bigintArray(c.map((r) => r.wakeAt)),
    bigintArray(c.map((r) => r.goalDeadline)),
    bigintArray(c.map((r) => r.endedAt)),
    bigintArray(c.map((r) => r.convertedAt)),
    storableJson(rows.map((r) => r.doc)),
  ];
}

export function messageColumns(messages: MessageRecord[]): string[] {
  const text = (pick: (m: MessageRecord) => string | null) => textArray(messages.map(pick));
  const time = (pick: (m: MessageRecord) => number | null) => bigintArray(messages.map(pick));
  return [
    text((m) => m.id),
    text((m) => m.profileId),
    text((m) => m.journeyId),
    text((m) => m.runId),
    text((m) => m.stepId),
    text((m) => m.channel),
    text((m) => m.template),
    text((m) => m.topic),
    boolArray(messages.map((m) => m.transactional)),
    text((m) => m.priority),
    text((m) => m.state),
    text((m) => m.reason),
    time((m) => m.attempts),
    text((m) => m.providerId),
    time((m) => m.dueAt),
    time((m) => m.leaseUntil),
    time((m) => m.createdAt),
    time((m) => m.updatedAt),
    time((m) => m.sentAt),
    // Each payload as packPayload gives it: { p: whole, r: by its run, t: the trigger's JSON }.
    storableJson(
      messages.map((m) => {
        const { full, byRun, trigger } = packPayload(m.payload, m.runId);
        return { p: full, r: byRun, t: trigger };
      }),
    ),
  ];
}

export function consentColumns(consents: ConsentRecord[]): string[] {
  return [
    textArray(consents.map((c) => c.profileId)),
    boolArray(consents.map((c) => c.unsubscribedAll)),
    bigintArray(consents.map((c) => c.updatedAt)),
    storableJson(consents.map(consentDoc)),
  ];
}
