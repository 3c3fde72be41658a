import type pg from 'pg';
import type { Json } from '../../core/types.js';
import {
  analyticsUserFromRow,
  narrowUserDecoder,
  type RawAnalyticsUser,
  type RawNarrowUser,
} from '../analytics-rows.js';
import type {
  ActivityQuery,
  AdoptionCountQuery,
  AdoptionCountRow,
  AnalyticsStore,
  AnalyticsUserRow,
  AnalyticsUsersQuery,
  MessageFactRow,
  RetentionCountQuery,
  RetentionCountRow,
  StageChangeCountRow,
} from '../analytics-store.js';
import { activeDaysOther } from '../active-days.js';
import { countRetention, type RetentionUserRow } from '../retention-count-rows.js';
import { ACTIVE_DAYS_LEFT_OUT } from './migrations/017-analytics-narrow.js';
import type { NamedQuery } from './named-query.js';
import { textArray } from './array-literal.js';
import { analyticsQueries as q } from './queries/analytics.js';

type Run = <R extends pg.QueryResultRow>(
  query: NamedQuery,
  values: unknown[],
) => Promise<pg.QueryResult<R>>;

/** The analytics reads of the PostgreSQL store, on the shared pool (committed state only). */
export class PostgresAnalytics implements AnalyticsStore {
  constructor(private readonly run: Run) {}

  async analyticsUsers(query: AnalyticsUsersQuery): Promise<AnalyticsUserRow[]> {
    const { only } = query;
    if (only) {
      const { rows } = await this.run<RawNarrowUser>(q.narrowUsers, [
        query.signupEvent,
        query.conversionEvent,
        query.trait,
        query.accountTrait,
        only.milestones,
        only.persona,
        only.touch,
        only.stage,
      ]);
      return rows.map(narrowUserDecoder(only, query.signupEvent !== null));
    }
    const { rows } = await this.run<RawAnalyticsUser>(q.users, [
      query.signupEvent,
      query.conversionEvent,
      query.trait,
      query.accountTrait,
    ]);
    return rows.map((row) => analyticsUserFromRow(row, query.signupEvent !== null));
  }

  async activityDays(query: ActivityQuery): Promise<Map<string, number[]>> {
    const other = activeDaysOther(query, ACTIVE_DAYS_LEFT_OUT);
    if (other !== undefined) {
      const { rows } = await this.run<{ id: string; days: number[] }>(q.activeDays, [
        query.fromDay,
        query.toDay,
        other,
      ]);
      return new Map(rows.map((r) => [r.id, r.days.map(Number)]));
    }
    const { rows } = await this.run<{ id: string; days: number[] }>(q.activityDays, [
      query.fromDay,
      query.toDay,
      query.include ? textArray(query.include) : null,
      textArray(query.exclude),
      query.excludeViews,
    ]);
    // array_agg(DISTINCT …) sorts its input, so the days arrive ascending.
    return new Map(rows.map((r) => [r.id, r.days.map(Number)]));
  }

  async retentionCounts(query: RetentionCountQuery): Promise<RetentionCountRow[]> {
    const { activity } = query;
    const other = activeDaysOther(activity, ACTIVE_DAYS_LEFT_OUT);
    const activityValues =
      other !== undefined
        ? [other, null, null]
        : [
            activity.include ? textArray(activity.include) : null,
            textArray(activity.exclude),
            activity.excludeViews,
          ];
    if (query.accounts) {
      // One row per account (its signed-up members' days merged in SQL), counted here.
      const { rows } = await this.run<{
        cd: string | number;
        inRange: boolean;
        days: string | null;
      }>(other !== undefined ? q.accountRetentionActive : q.accountRetention, [
        activity.fromDay,
        activity.toDay,
        ...activityValues,
        query.cohortBy === 'first_event',
        query.signupEvent,
        query.fromCohortDay,
        query.toCohortDay,
      ]);
      return countRetention(
        rows.map((r): RetentionUserRow => [Number(r.cd), null, r.inRange, r.days]),
        query,
      );
    }
    if (other !== undefined) {
      // The default activity: one row per user from `active_days`, counted here as on SQLite
      // (the cohort × period counts grouped in SQL sorted every active day of the range).
      const { rows } = await this.run<{
        cd: string | number;
        g: string | null;
        inRange: boolean;
        days: string | null;
      }>(q.activeRetention, [
        activity.fromDay,
        activity.toDay,
        other,
        query.cohortBy === 'first_event',
        query.signupEvent,
        query.fromCohortDay,
        query.toCohortDay,
        query.persona,
      ]);
      return countRetention(
        rows.map((r): RetentionUserRow => [Number(r.cd), r.g, r.inRange, r.days]),
        query,
      );
    }
    const statement = { day: q.retentionDay, week: q.retentionWeek, month: q.retentionMonth }[
      query.unit
    ];
    const { rows } = await this.run<{
      kind: RetentionCountRow['kind'];
      group: string | null;
      cohortDay: string | null;
      n: string | number;
      count: string | number;
    }>(statement, [
      activity.fromDay,
      activity.toDay,
      ...activityValues,
      query.cohortBy === 'first_event',
      query.signupEvent,
      query.fromCohortDay,
      query.toCohortDay,
      query.periods,
      query.persona,
      `{${query.summaryDays.join(',')}}`,
    ]);
    return rows.map((r) => ({
      kind: r.kind,
      group: r.group,
      cohortDay: r.cohortDay === null ? null : Number(r.cohortDay),
      n: Number(r.n),
      count: Number(r.count),
    }));
  }

  async adoptionCounts(query: AdoptionCountQuery): Promise<AdoptionCountRow[]> {
    const { activity } = query;
    const { rows } = await this.run<{
      kind: AdoptionCountRow['kind'];
      name: string | null;
      count: string | number;
    }>(q.adoptionCounts, [
      activity.fromDay,
      activity.toDay,
      activity.include ? textArray(activity.include) : null,
      textArray(activity.exclude),
      activity.excludeViews,
      query.signupEvent,
      query.from,
      query.to,
    ]);
    return rows.map((r) => ({ kind: r.kind, name: r.name, count: Number(r.count) }));
  }

  async activityNames(fromDay: number, toDay: number): Promise<Map<string, string[]>> {
    const { rows } = await this.run<{ id: string; names: string[] }>(q.activityNames, [
      fromDay,
      toDay,
    ]);
    return new Map(rows.map((r) => [r.id, r.names]));
  }

  async stageChangeCounts(until: number): Promise<StageChangeCountRow[]> {
    const { rows } = await this.run<StageChangeCountRow>(q.stageChangeCounts, [until]);
    return rows.map((r) => ({ ...r, day: Number(r.day), count: Number(r.count) }));
  }

  async stagesAt(kind: string, at: number): Promise<Map<string, string>> {
    const { rows } = await this.run<{ id: string; stage: string | null }>(q.stagesAt, [kind, at]);
    const out = new Map<string, string>();
    for (const r of rows) if (r.stage !== null) out.set(r.id, r.stage);
    return out;
  }

  async traitFirstMatch(trait: string, values: Json[]): Promise<Map<string, number>> {
    const { rows } = await this.run<{ id: string; at: number }>(q.traitFirstMatch, [
      trait,
      JSON.stringify(values),
    ]);
    return new Map(rows.map((r) => [r.id, Number(r.at)]));
  }

  async analyticsMessages(from: number, to: number): Promise<MessageFactRow[]> {
    const { rows } = await this.run<MessageFactRow>(q.messages, [from, to]);
    return rows.map((r) => ({
      ...r,
      createdAt: Number(r.createdAt),
      sentAt: r.sentAt === null ? null : Number(r.sentAt),
    }));
  }

  async messageEngagement(names: string[]): Promise<{ name: string; message: string }[]> {
    const { rows } = await this.run<{ name: string; message: string }>(q.engagement, [
      textArray(names),
    ]);
    return rows;
  }

  async allMemberships(): Promise<{ accountId: string; profileId: string }[]> {
    const { rows } = await this.run<{ accountId: string; profileId: string }>(q.memberships, []);
    return rows;
  }

  async scanEvents(): Promise<{ rows: number; bytes: number }> {
    const { rows } = await this.run<{ rows: string; bytes: string | null }>(q.scan, []);
    return { rows: Number(rows[0].rows), bytes: Number(rows[0].bytes ?? 0) };
  }
}
