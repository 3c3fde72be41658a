import type { Clock } from '../../core/clock.js';
import type { LoadedDefinitions } from '../../definitions/index.js';
import {
  scheduleOccurrence,
  userTimeZone,
  type CompiledJourney,
} from '../../engine/journeys/index.js';
import type { ScheduleTimer, Store, StoreTx } from '../../store/store.js';
import { reportOccurrence, reportOfJourney } from '../../engine/reports/report-occurrence.js';
import { BatchWork } from '../batch-work.js';
import { DueWorkLoop, type DueWork } from '../due-work-loop.js';
import type { Workspace } from '../workspace.js';
import { runJourneys } from './run-journeys.js';
import {
  scheduledJourneys,
  scheduleRule,
  scheduleTimer,
  syncSchedules,
  zoneOfTimer,
} from './schedule-timers.js';

export interface ScheduleSweeperOptions {
  /** Users per transaction. */
  pageSize?: number;
  maxSleepMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Fires schedule triggers. Each scheduled journey has one durable timer per time zone in use
 * (schedule-timers.ts); when one falls due, the users of that zone are handed the scheduled
 * moment a page at a time, each page in one transaction that also moves the timer's place
 * (`afterProfile`), so a crash or a restart goes on with the next page and nobody is handed a
 * moment twice — and a run's id derives from the moment, so even a repeat would start nothing.
 * Timers are claimed with SKIP LOCKED on PostgreSQL, so several processes share them. Once the
 * last page is done the timer moves to the next moment after now: a moment missed during
 * downtime fires once, late, and the ones before now that it passed over are skipped.
 */
export class ScheduleSweeper extends DueWorkLoop {
  constructor(
    store: Store,
    workspace: Workspace,
    clock: Clock,
    options: ScheduleSweeperOptions = {},
  ) {
    const work = schedules(store, workspace, clock, options.pageSize ?? 500);
    // One timer page per transaction: the loop goes on while pages come back.
    super(work, clock, { ...options, batchSize: 1 });
  }
}

function schedules(store: Store, workspace: Workspace, clock: Clock, pageSize: number): DueWork {
  let synced: LoadedDefinitions | null = null;
  // At start and after a reload, the timers follow the definitions first — also before the
  // first look at what is due, so that a caller moving a clock (runDueWork) sees them.
  const sync = async (definitions: LoadedDefinitions) => {
    if (synced === definitions) return;
    await syncSchedules(store, definitions, clock.now());
    synced = definitions;
  };
  return {
    async nextDue() {
      if (workspace.definitions) await sync(workspace.definitions);
      return store.nextScheduleTimer();
    },
    async sweepOnce() {
      const definitions = workspace.definitions;
      if (!definitions) return 0;
      await sync(definitions);
      const now = clock.now();
      return store.transaction(async (tx) => {
        const [timer] = await tx.claimDueScheduleTimers(now, 1);
        if (!timer) return 0;
        await firePage(tx, timer, workspace, definitions, now, pageSize);
        return 1;
      });
    },
  };
}

/** Hands the timer's moment to its next page of users, then moves the timer on. */
async function firePage(
  tx: StoreTx,
  timer: ScheduleTimer,
  workspace: Workspace,
  definitions: LoadedDefinitions,
  now: number,
  pageSize: number,
): Promise<void> {
  const journey = scheduledJourneys(definitions).find((j) => j.id === timer.journeyId);
  if (!journey) return tx.deleteScheduleTimers([timer]);
  const zone = zoneOfTimer(timer.timeZone, definitions);
  if (timer.afterProfile === null) {
    // The schedule (or the default zone) changed since the timer was set: no moment is due.
    if (timer.rule !== scheduleRule(journey, zone))
      return moveOn(tx, definitions, journey, timer, now);
    // Missed by more than the journey's max event age: entry would refuse it for everyone.
    const maxAge =
      journey.definition.max_event_age ?? definitions.definitions.delivery.max_event_age;
    if (now - timer.fireAt > maxAge) return moveOn(tx, definitions, journey, timer, now);
  }
  const ids = await tx.profilesInTimeZone(timer.timeZone, timer.afterProfile, pageSize);
  if (ids.length) {
    await tx.lockKeys(ids);
    const work = new BatchWork(tx, { definitions, now });
    await work.loadProfilesToRead(ids);
    await work.loadAccounts([...work.profiles.values()].flatMap((p) => p.accounts));
    const occurrence = scheduleOccurrence(journey.id, timer.fireAt);
    const report = reportOfJourney(definitions.definitions, journey.id);
    const users = [...work.profiles.values()]
      // A user whose zone changed since the page was read belongs to another timer.
      .filter((profile) => userTimeZone(profile, definitions.definitions) === zone)
      .map((profile) => ({
        profile,
        occurrences:
          report === null
            ? [occurrence]
            : // A report's moment is keyed by the period it reports (one per period).
              [
                reportOccurrence(
                  definitions.definitions,
                  report,
                  timer.fireAt,
                  profile,
                  work.accounts,
                ),
              ].filter((o) => o !== null),
      }));
    await runJourneys(work, definitions, users, workspace.versions, now);
    await work.flush();
  }
  if (ids.length === pageSize)
    return tx.putScheduleTimers([{ ...timer, afterProfile: ids.at(-1)! }]);
  return moveOn(tx, definitions, journey, timer, now);
}

/** The timer's next moment after now (and after the one it had); none: the timer goes. */
async function moveOn(
  tx: StoreTx,
  definitions: LoadedDefinitions,
  journey: CompiledJourney,
  timer: ScheduleTimer,
  now: number,
): Promise<void> {
  const next = scheduleTimer(definitions, journey, timer.timeZone, Math.max(now, timer.fireAt));
  if (next) await tx.putScheduleTimers([next]);
  else await tx.deleteScheduleTimers([timer]);
}
