import { randomUUID } from 'node:crypto';
import type { IncomingEvent } from '../core/types.js';
import type { DeadLetter, Store } from '../store/store.js';
import type { AppliedBatch } from './apply-events.js';

/** Applies a slice of a group in its own transaction; throws what applying it threw. */
export type ApplySlice = (events: IncomingEvent[]) => Promise<AppliedBatch>;

export interface Isolated {
  /** What the slices that committed stored, in order. */
  applied: AppliedBatch[];
  /** The events set aside, by messageId, with the dead letter that records each. */
  failed: Map<string, DeadLetter>;
}

/** The longest error text a dead letter keeps. */
const MAX_ERROR_LENGTH = 2_000;

/**
 * Finds the events that make a failed group commit throw, and commits the rest without them.
 * The group is split in halves, each committed on its own; a half that throws is split again,
 * until the event that throws stands alone (k bad events among n cost about 2·k·log2(n)
 * transactions). The halves are committed in order, so the events of one user are still applied
 * in the order they arrived.
 *
 * An event that throws alone, and again on a second try, is recorded as a dead letter. The
 * recording is a write like any other: if the store itself is failing, it throws too, and the
 * caller answers every request of the group with the original error (retryable) instead of
 * blaming the events.
 */
export async function isolateFailures(
  store: Store,
  events: IncomingEvent[],
  groupError: unknown,
  applySlice: ApplySlice,
  now: () => number,
): Promise<Isolated> {
  const applied: AppliedBatch[] = [];
  const failing: { event: IncomingEvent; error: unknown }[] = [];

  const attempt = async (slice: IncomingEvent[], known: unknown, tries: number) => {
    let error = known;
    if (error === undefined) {
      try {
        applied.push(await applySlice(slice));
        return;
      } catch (thrown) {
        error = thrown ?? new Error('unknown error');
      }
    }
    if (slice.length === 1) {
      if (tries < 1) await attempt(slice, undefined, tries + 1);
      else failing.push({ event: slice[0]!, error });
      return;
    }
    const middle = slice.length >> 1;
    await attempt(slice.slice(0, middle), undefined, 0);
    await attempt(slice.slice(middle), undefined, 0);
  };
  await attempt(events, groupError ?? new Error('unknown error'), 0);

  const failed = new Map<string, DeadLetter>();
  if (!failing.length) return { applied, failed };
  const at = now();
  const letters = failing.map(({ event, error }) => ({
    id: randomUUID(),
    messageId: event.messageId,
    at,
    error: describe(error),
    event: eventJson(event),
  }));
  await store.transaction((tx) => tx.addDeadLetters(letters));
  for (const letter of letters) failed.set(letter.messageId, letter);
  return { applied, failed };
}

function describe(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

/** The event as JSON; if it is what breaks the serializer, its identifying fields and a note. */
function eventJson(event: IncomingEvent): string {
  try {
    return JSON.stringify(event);
  } catch (error) {
    return JSON.stringify({
      messageId: event.messageId,
      type: event.type,
      event: event.event,
      userId: event.userId,
      anonymousId: event.anonymousId,
      note: `the event could not be serialized: ${describe(error)}`,
    });
  }
}
