import type { Clock } from '../core/clock.js';
import type { Store } from '../store/store.js';
import type { AppliedBatch } from './apply-events.js';
import { BatchWork } from './batch-work.js';
import { deriveState } from './derive-state.js';
import { importedHistoryToRederive } from './history-first.js';
import { DueWorkLoop, type DueWork } from './due-work-loop.js';
import { stateChangeOccurrence } from '../engine/journeys/index.js';
import { runJourneys, type UserOccurrences } from './journeys/run-journeys.js';
import type { Workspace } from './workspace.js';

export interface SweeperOptions {
  /** Users per transaction. */
  batchSize?: number;
  maxSleepMs?: number;
  onCommitted?: (applied: AppliedBatch) => void;
  onError?: (error: unknown) => void;
}

/**
 * Re-checks time-based rules without events: "no login in 10 days" must become true on day 10
 * even if the user never comes back. Each user's next moment of change is a timer row; the
 * sweeper claims the due ones (skipping rows another process holds, on PostgreSQL), runs the
 * state engine with no event, and stores the results like ingest does. It wakes only the due
 * users — never a scan of everyone — and after downtime the overdue timers simply are due.
 */
export class StateSweeper extends DueWorkLoop {
  constructor(store: Store, workspace: Workspace, clock: Clock, options: SweeperOptions = {}) {
    const batchSize = options.batchSize ?? 1000;
    super(stateChecks(store, workspace, clock, batchSize, options), clock, {
      ...options,
      batchSize,
    });
  }
}

function stateChecks(
  store: Store,
  workspace: Workspace,
  clock: Clock,
  batchSize: number,
  options: SweeperOptions,
): DueWork {
  return {
    nextDue: () => store.nextStateTimer(),
    async sweepOnce() {
      const definitions = workspace.definitions;
      if (!definitions) return 0;
      const now = clock.now();
      const events: AppliedBatch['inserted'] = [];
      const checked = await store.transaction(async (tx) => {
        events.length = 0;
        const ids = await tx.claimDueStateTimers(now, batchSize);
        if (!ids.length) return 0;
        await tx.lockKeys(ids);
        const work = new BatchWork(tx, { definitions, now });
        await work.loadProfiles(ids);
        await work.loadAccounts([...work.profiles.values()].flatMap((p) => p.accounts));
        const users: UserOccurrences[] = [];
        for (const id of ids) {
          const profile = work.profiles.get(id);
          if (!profile) {
            work.timers.set(id, null);
            continue;
          }
          // What changed definitions reveal in imported history is history: no journey.
          const history = importedHistoryToRederive(profile, definitions);
          const { changes, internal } = deriveState(work, definitions, profile, null, now);
          events.push(...internal);
          if (history) continue;
          users.push({ profile, occurrences: changes.map((c) => stateChangeOccurrence(c, null)) });
        }
        // "No login a day after signup" is a segment entered on a timer: it starts journeys too.
        events.push(...(await runJourneys(work, definitions, users, workspace.versions, now)));
        await work.flush();
        return ids.length;
      });
      if (events.length) options.onCommitted?.({ inserted: events, duplicates: 0 });
      return checked;
    },
  };
}
