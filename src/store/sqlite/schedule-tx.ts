import { checkLimit } from '../page-cursor.js';
import type {
  ProfileTimeZone,
  ScheduleTimer,
  ScheduleTimerKey,
  ScheduleWrites,
} from '../schedule-store.js';
import type { ScheduleWriteStatements } from './queries/schedules.js';

/**
 * The schedule writes of one SQLite transaction (see ScheduleWrites); `SqliteTx` exposes them as
 * its own. Loops over prepared statements, like the rest of the transaction.
 */
export class SqliteScheduleTx implements ScheduleWrites {
  /** `statements` checks that the transaction is still open, then gives its statements. */
  constructor(private readonly statements: () => ScheduleWriteStatements) {}

  setProfileTimeZones = async (zones: ProfileTimeZone[]): Promise<void> => {
    const q = this.statements();
    for (const { profileId, timeZone } of zones) {
      if (timeZone === null) q.clearZone.run(profileId);
      else q.setZone.run(profileId, timeZone);
    }
  };

  profilesInTimeZone = async (
    timeZone: string,
    after: string | null,
    limit: number,
  ): Promise<string[]> => {
    const q = this.statements();
    const n = checkLimit(limit);
    const rows =
      timeZone === ''
        ? after === null
          ? q.noZoneFirst.all({ limit: n })
          : q.noZoneAfter.all({ after, limit: n })
        : after === null
          ? q.inZoneFirst.all({ zone: timeZone, limit: n })
          : q.inZoneAfter.all({ zone: timeZone, after, limit: n });
    return rows.map((r) => r.id);
  };

  addScheduleTimers = async (timers: ScheduleTimer[]): Promise<void> => {
    const q = this.statements();
    for (const timer of timers) q.addTimer.run(timer);
  };

  syncScheduleTimers = async (timers: ScheduleTimer[], journeyIds: string[]): Promise<void> => {
    const q = this.statements();
    q.dropOtherJourneys.run(JSON.stringify(journeyIds));
    for (const timer of timers) q.syncTimer.run(timer);
  };

  putScheduleTimers = async (timers: ScheduleTimer[]): Promise<void> => {
    const q = this.statements();
    for (const timer of timers) q.putTimer.run(timer);
  };

  deleteScheduleTimers = async (keys: ScheduleTimerKey[]): Promise<void> => {
    const q = this.statements();
    for (const k of keys) q.deleteTimer.run(k.journeyId, k.timeZone);
  };

  claimDueScheduleTimers = async (now: number, limit: number): Promise<ScheduleTimer[]> => {
    const q = this.statements();
    return q.claimDue.all(now, checkLimit(limit));
  };
}
