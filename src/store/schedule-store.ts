/**
 * The part of the store port that schedule triggers use (see ARCHITECTURE.md, "Schedules"): the
 * time zone of each profile, written when it changes and paged by zone, and one durable timer
 * per schedule-triggered journey and time zone in use. `Store` and `StoreTx` (store.ts) extend
 * these interfaces.
 */

export interface ProfileTimeZone {
  profileId: string;
  /** An IANA time zone, or null: the workspace default. */
  timeZone: string | null;
}

export interface ScheduleTimerKey {
  journeyId: string;
  /** The profiles it fires for: those in this time zone, or '' for those with none. */
  timeZone: string;
}

/** The durable timer of a schedule-triggered journey for the profiles of one time zone. */
export interface ScheduleTimer extends ScheduleTimerKey {
  /** What `fireAt` was computed from: the cron expression and the zone it is read in. */
  rule: string;
  /** The scheduled moment to hand out next (or being handed out). */
  fireAt: number;
  /** While a moment is handed out page by page, the last profile done; else null. */
  afterProfile: string | null;
}

export interface ScheduleReads {
  /** The earliest schedule timer, due or not (null: none). */
  nextScheduleTimer(): Promise<number | null>;
  /** Every schedule timer, by journey and time zone. */
  scheduleTimers(): Promise<ScheduleTimer[]>;
  /** The time zones profiles have (`setProfileTimeZones`), in order. */
  timeZonesInUse(): Promise<string[]>;
}

export interface ScheduleWrites {
  /**
   * Records the time zone of profiles whose zone changed: a zone, or null for none (the
   * workspace default); of two changes for one profile, the last holds. Deleting a profile
   * forgets its zone.
   */
  setProfileTimeZones(zones: ProfileTimeZone[]): Promise<void>;
  /**
   * Up to `limit` profile ids in a time zone, in id order, after `after` (null: from the
   * first). The zone '' is the profiles that have none.
   */
  profilesInTimeZone(timeZone: string, after: string | null, limit: number): Promise<string[]>;
  /** Adds schedule timers; one that exists (same journey and zone) is left as it is. */
  addScheduleTimers(timers: ScheduleTimer[]): Promise<void>;
  /**
   * After the definitions changed: adds the timers that are missing, replaces those whose rule
   * changed unless a moment is being handed out (`afterProfile` set), and deletes the timers of
   * journeys not in `journeyIds`.
   */
  syncScheduleTimers(timers: ScheduleTimer[], journeyIds: string[]): Promise<void>;
  /** Replaces (or adds) schedule timers. */
  putScheduleTimers(timers: ScheduleTimer[]): Promise<void>;
  deleteScheduleTimers(keys: ScheduleTimerKey[]): Promise<void>;
  /**
   * Up to `limit` schedule timers due at `now`, earliest first. On PostgreSQL they stay locked
   * until the transaction ends and timers another transaction holds are skipped (`FOR UPDATE
   * SKIP LOCKED`), so one moment's page is handed out by one process.
   */
  claimDueScheduleTimers(now: number, limit: number): Promise<ScheduleTimer[]>;
}
