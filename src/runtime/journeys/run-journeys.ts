import type { Profile, StoredEvent } from '../../core/types.js';
import type { LoadedDefinitions } from '../../definitions/index.js';
import {
  handleOccurrence,
  triggersAnyJourney,
  type EntryHistory,
  type JourneyRun,
  type Occurrence,
  type UserSnapshot,
  verdictMemo,
} from '../../engine/journeys/index.js';
import type { BatchWork } from '../batch-work.js';
import { performCommands } from './perform-commands.js';
import type { JourneyVersionBook } from './journey-versions.js';
import { MAX_UPDATE_DEPTH, updateFeedback } from './update-feedback.js';

/** One user's occurrences of a batch, in the order they happened. */
export interface UserOccurrences {
  profile: Profile;
  occurrences: Occurrence[];
  /** Rounds of update feedback behind these occurrences: 0 (the default) for an event, a
   * state check or a schedule. */
  depth?: number;
}

/**
 * Runs the journey engine for the occurrences of one transaction: moves the runs that listen,
 * starts the journeys they trigger, and turns the commands into rows of the same transaction
 * (runs, queued messages, profile updates). The messages commit with the event that caused
 * them, so a crash never loses a triggered message and a retry never queues one twice. What an
 * `update` step changes is fed back at once (update-feedback.ts), before the user's next
 * occurrence. Returns the internal events of the state changes that feedback caused.
 */
export async function runJourneys(
  work: BatchWork,
  definitions: LoadedDefinitions,
  users: UserOccurrences[],
  versions: JourneyVersionBook,
  now: number,
): Promise<StoredEvent[]> {
  const live = users.filter((u) => u.occurrences.length && !work.deleted.has(u.profile.id));
  if (!live.length || !Object.keys(definitions.definitions.journeys ?? {}).length) return [];
  const ids = live.map((u) => u.profile.id);
  const listening = await work.tx.listeningRuns(ids, now);
  await versions.fetchMissing(work.tx, listening);
  const runsByUser = group(listening);
  // Entry histories are read only for users with an occurrence that triggers a journey: the
  // rest of the engine never looks at them (most events start nothing).
  const entering = live
    .filter((u) => u.occurrences.some((o) => triggersAnyJourney(definitions, o)))
    .map((u) => u.profile.id);
  const histories = byUser(entering.length ? await work.tx.entryHistories(entering) : new Map());
  const read = new Set(entering);
  const created: JourneyRun[] = [];
  const updated = new Map<string, JourneyRun>();
  const fresh = new Set<string>();
  const internal: StoredEvent[] = [];

  for (const { profile, occurrences, depth = 0 } of live) {
    let runs = runsByUser.get(profile.id) ?? [];
    const history = { ...histories.get(profile.id) };
    const queue = occurrences.map((occurrence) => ({ occurrence, depth }));
    // The user's occurrences read one profile until an update changes it: each rule of their
    // runs and journeys is evaluated once for all of them.
    let user: UserSnapshot | null = null;
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { occurrence } = next;
      if (!read.has(profile.id) && triggersAnyJourney(definitions, occurrence)) {
        // An update's feedback triggers a journey: the user's history is read now (nothing
        // entered before this, so it is all the store's).
        read.add(profile.id);
        Object.assign(history, byUser(await work.tx.entryHistories([profile.id])).get(profile.id));
      }
      user ??= {
        definitions,
        profile,
        accounts: work.accountsOf(profile),
        verdicts: verdictMemo(now),
      };
      const result = handleOccurrence({
        occurrence,
        user,
        runs,
        history,
        versions: versions.lookup,
        now,
      });
      for (const run of result.runs) {
        if (fresh.has(run.id) || updated.has(run.id) || runs.some((r) => r.id === run.id)) {
          if (fresh.has(run.id)) replace(created, run);
          else updated.set(run.id, run);
        } else {
          fresh.add(run.id);
          created.push(run);
          const past = history[run.journeyId] ?? { entered: 0, lastEnteredAt: null, active: 0 };
          history[run.journeyId] = {
            entered: past.entered + 1,
            lastEnteredAt: now,
            active: past.active + 1,
          };
        }
      }
      if (result.runs.length) runs = mergeRuns(runs, result.runs);
      const updates = performCommands(work, profile, result.commands, now);
      if (updates.length) user = null;
      const feedback = updateFeedback(work, definitions, profile, updates, now);
      internal.push(...feedback.internal);
      // What the update changed comes before the user's next occurrence, as it happened.
      if (next.depth < MAX_UPDATE_DEPTH) {
        const depth = next.depth + 1;
        queue.unshift(...feedback.occurrences.map((o) => ({ occurrence: o, depth })));
      }
    }
  }
  // A run that exists already comes from a replayed trigger: createRuns leaves it, and its
  // messages carry the same idempotency keys as the first time, so none is queued twice.
  if (created.length) await work.tx.createRuns(created);
  if (updated.size) await work.tx.updateRuns([...updated.values()]);
  return internal;
}

function group(runs: JourneyRun[]): Map<string, JourneyRun[]> {
  const byUser = new Map<string, JourneyRun[]>();
  for (const run of runs) {
    const list = byUser.get(run.userId);
    if (list) list.push(run);
    else byUser.set(run.userId, [run]);
  }
  return byUser;
}

/** The store's entry histories (keyed `profileId \0 journeyId`), per profile and journey. */
function byUser(
  histories: Map<string, { entered: number; lastEnteredAt: number | null; active: number }>,
): Map<string, Record<string, EntryHistory>> {
  const out = new Map<string, Record<string, EntryHistory>>();
  for (const [key, value] of histories) {
    const cut = key.indexOf('\u0000');
    const profileId = key.slice(0, cut);
    let history = out.get(profileId);
    if (!history) out.set(profileId, (history = {}));
    history[key.slice(cut + 1)] = value;
  }
  return out;
}

/** The user's runs after a step: changed ones replaced, new ones added, ended ones kept (their
 * goal window may still be open; the engine knows which still listen). */
function mergeRuns(runs: JourneyRun[], changed: JourneyRun[]): JourneyRun[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  for (const run of changed) byId.set(run.id, run);
  return [...byId.values()];
}

function replace(runs: JourneyRun[], run: JourneyRun): void {
  const index = runs.findIndex((r) => r.id === run.id);
  if (index >= 0) runs[index] = run;
}
