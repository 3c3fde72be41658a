import type { Clock } from '../../core/clock.js';
import { handleTimer, verdictMemo, type UserSnapshot } from '../../engine/journeys/index.js';
import type { Store } from '../../store/store.js';
import { BatchWork } from '../batch-work.js';
import { DueWorkLoop, type DueWork } from '../due-work-loop.js';
import type { Workspace } from '../workspace.js';
import { performCommands } from './perform-commands.js';
import { runJourneys, type UserOccurrences } from './run-journeys.js';
import { updateFeedback } from './update-feedback.js';

export interface RunSweeperOptions {
  batchSize?: number;
  maxSleepMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Fires journey timers: a run's `wakeAt` is its durable timer (the end of a wait, a timeout, a
 * rule it watches that may change with time). Due runs are claimed (SKIP LOCKED on PostgreSQL),
 * moved by the interpreter under their user's lock, and their commands recorded in the same
 * transaction. What an `update` step changed is fed back to the user's journeys in that
 * transaction too. Overdue runs after a restart are simply due.
 */
export class RunSweeper extends DueWorkLoop {
  constructor(store: Store, workspace: Workspace, clock: Clock, options: RunSweeperOptions = {}) {
    const batchSize = options.batchSize ?? 500;
    super(dueRuns(store, workspace, clock, batchSize), clock, { ...options, batchSize });
  }
}

function dueRuns(store: Store, workspace: Workspace, clock: Clock, batchSize: number): DueWork {
  return {
    nextDue: () => store.nextRunWake(),
    async sweepOnce() {
      const definitions = workspace.definitions;
      if (!definitions) return 0;
      const now = clock.now();
      return store.transaction(async (tx) => {
        const runs = await tx.claimDueRuns(now, batchSize);
        if (!runs.length) return 0;
        const userIds = [...new Set(runs.map((r) => r.userId))];
        await tx.lockKeys(userIds);
        const work = new BatchWork(tx, { definitions, now });
        // A timer's step most often waits or sends: the profile is written back only if an
        // `update` step or the state it feeds back changed it (BatchWork.changed).
        await work.loadProfilesToRead(userIds);
        await work.loadAccounts([...work.profiles.values()].flatMap((p) => p.accounts));
        await workspace.versions.fetchMissing(tx, runs);
        const feedback = new Map<string, UserOccurrences>();
        // A user's runs read one profile until an update changes it: each rule once for all.
        const snapshots = new Map<string, UserSnapshot>();
        const updated = runs.map((run) => {
          const profile = work.profiles.get(run.userId);
          if (!profile) return { ...run, wakeAt: null };
          let user = snapshots.get(profile.id);
          if (!user) {
            const accounts = work.accountsOf(profile);
            user = { definitions, profile, accounts, verdicts: verdictMemo(now) };
            snapshots.set(profile.id, user);
          }
          const result = handleTimer({ run, user, versions: workspace.versions.lookup, now });
          const updates = performCommands(work, profile, result.commands, now);
          if (updates.length) snapshots.delete(profile.id);
          // An `update` step changed traits: the state follows, and both reach the journeys.
          const { occurrences } = updateFeedback(work, definitions, profile, updates, now);
          const pending = feedback.get(profile.id) ?? { profile, occurrences: [], depth: 1 };
          pending.occurrences.push(...occurrences);
          feedback.set(profile.id, pending);
          return result.run;
        });
        await tx.updateRuns(updated);
        // After updateRuns, so the runs that listen are read as this timer left them.
        await runJourneys(work, definitions, [...feedback.values()], workspace.versions, now);
        await work.flush();
        return runs.length;
      });
    },
  };
}
