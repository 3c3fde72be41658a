import type pg from 'pg';
import { checkLimit } from '../page-cursor.js';
import type {
  ProfileTimeZone,
  ScheduleTimer,
  ScheduleTimerKey,
  ScheduleWrites,
} from '../schedule-store.js';
import { bigintArray, textArray } from './array-literal.js';
import type { NamedQuery } from './named-query.js';
import { queries } from './postgres-queries.js';

/** Runs a named query on the transaction's connection (and checks the transaction is open). */
type Run = (query: NamedQuery, values: unknown[]) => Promise<pg.QueryResult>;

/**
 * The schedule writes of one PostgreSQL transaction (see ScheduleWrites); `PostgresTx` exposes
 * them as its own. One round trip per call, like the rest of the transaction.
 */
export class PostgresScheduleTx implements ScheduleWrites {
  constructor(private readonly run: Run) {}

  setProfileTimeZones = async (zones: ProfileTimeZone[]): Promise<void> => {
    if (zones.length === 0) return;
    // One change per profile (the last), so the two parts of the statement never meet.
    const last = [...new Map(zones.map((z) => [z.profileId, z.timeZone])).entries()];
    const set = last.filter(([, zone]) => zone !== null);
    await this.run(queries.schedules.setZones, [
      textArray(set.map(([id]) => id)),
      textArray(set.map(([, zone]) => zone)),
      textArray(last.filter(([, zone]) => zone === null).map(([id]) => id)),
    ]);
  };

  profilesInTimeZone = async (
    timeZone: string,
    after: string | null,
    limit: number,
  ): Promise<string[]> => {
    const n = checkLimit(limit);
    const s = queries.schedules;
    const { rows } = await (timeZone === ''
      ? after === null
        ? this.run(s.noZoneFirst, [n])
        : this.run(s.noZoneAfter, [n, after])
      : after === null
        ? this.run(s.inZoneFirst, [timeZone, n])
        : this.run(s.inZoneAfter, [timeZone, n, after]));
    return rows.map((r: { id: string }) => r.id);
  };

  addScheduleTimers = async (timers: ScheduleTimer[]): Promise<void> => {
    if (timers.length === 0) return;
    await this.run(queries.schedules.addTimers, timerColumns(timers));
  };

  syncScheduleTimers = async (timers: ScheduleTimer[], journeyIds: string[]): Promise<void> => {
    await this.run(queries.schedules.syncTimers, [
      ...timerColumns(lastByKey(timers)),
      textArray(journeyIds),
    ]);
  };

  putScheduleTimers = async (timers: ScheduleTimer[]): Promise<void> => {
    if (timers.length === 0) return;
    await this.run(queries.schedules.putTimers, timerColumns(lastByKey(timers)));
  };

  deleteScheduleTimers = async (keys: ScheduleTimerKey[]): Promise<void> => {
    if (keys.length === 0) return;
    await this.run(queries.schedules.deleteTimers, [
      textArray(keys.map((k) => k.journeyId)),
      textArray(keys.map((k) => k.timeZone)),
    ]);
  };

  claimDueScheduleTimers = async (now: number, limit: number): Promise<ScheduleTimer[]> => {
    const { rows } = await this.run(queries.schedules.claimDue, [now, checkLimit(limit)]);
    return rows as ScheduleTimer[];
  };
}

/** $1–$5 of the timer queries: one array per column. */
function timerColumns(timers: ScheduleTimer[]): string[] {
  return [
    textArray(timers.map((t) => t.journeyId)),
    textArray(timers.map((t) => t.timeZone)),
    textArray(timers.map((t) => t.rule)),
    bigintArray(timers.map((t) => t.fireAt)),
    textArray(timers.map((t) => t.afterProfile)),
  ];
}

/** The last timer of each key: an upsert may not touch one row twice. */
function lastByKey(timers: ScheduleTimer[]): ScheduleTimer[] {
  return [...new Map(timers.map((t) => [`${t.journeyId}\u0000${t.timeZone}`, t])).values()];
}
