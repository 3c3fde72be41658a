import type { Json } from '../../core/types.js';
import { analyticsUserFromRow } from '../analytics-rows.js';
import type {
  ActivityQuery,
  AnalyticsStore,
  AnalyticsUserRow,
  AnalyticsUsersQuery,
  MessageFactRow,
  RetentionCountQuery,
  RetentionCountRow,
  StageChangeCountRow,
} from '../analytics-store.js';
import type { AnalyticsReadStatements } from './queries/analytics.js';

/** The analytics reads of the SQLite store, on its reader connection (committed state only). */
export class SqliteAnalytics implements AnalyticsStore {
  constructor(private readonly statements: () => AnalyticsReadStatements) {}

  async retentionCounts(query: RetentionCountQuery): Promise<RetentionCountRow[]> {
    const { activity } = query;
    return this.statements().retentionCounts[query.unit].all({
      fromDay: activity.fromDay,
      toDay: activity.toDay,
      include: activity.include ? JSON.stringify(activity.include) : null,
      exclude: JSON.stringify(activity.exclude),
      noViews: activity.excludeViews ? 1 : 0,
      firstEvent: query.cohortBy === 'first_event' ? 1 : 0,
      signup: query.signupEvent,
      fromCohortDay: query.fromCohortDay,
      toCohortDay: query.toCohortDay,
      periods: query.periods,
      persona: query.persona,
      summaryDays: JSON.stringify(query.summaryDays),
    });
  }

  async analyticsUsers(query: AnalyticsUsersQuery): Promise<AnalyticsUserRow[]> {
    const rows = this.statements().users.all({
      signup: query.signupEvent,
      conversion: query.conversionEvent,
      trait: query.trait,
      accountTrait: query.accountTrait,
    });
    return rows.map((row) => analyticsUserFromRow(row, query.signupEvent !== null));
  }

  async activityDays(query: ActivityQuery): Promise<Map<string, number[]>> {
    const rows = this.statements().activityDays.all({
      fromDay: query.fromDay,
      toDay: query.toDay,
      include: query.include ? JSON.stringify(query.include) : null,
      exclude: JSON.stringify(query.exclude),
      noViews: query.excludeViews ? 1 : 0,
    });
    const days = new Map<string, number[]>();
    for (const row of rows) {
      days.set(
        row.id,
        row.days
          .split(',')
          .map(Number)
          .sort((a, b) => a - b),
      );
    }
    return days;
  }

  async activityNames(fromDay: number, toDay: number): Promise<Map<string, string[]>> {
    const names = new Map<string, string[]>();
    for (const row of this.statements().activityNames.all({ fromDay, toDay })) {
      names.set(row.id, JSON.parse(row.names) as string[]);
    }
    return names;
  }

  async stageChangeCounts(until: number): Promise<StageChangeCountRow[]> {
    // Counted here over the rows in time order: each profile's previous `to` of the kind is
    // the last one seen. (PostgreSQL counts the same in SQL, with a window.)
    const was = new Map<string, string | null>();
    const counts = new Map<string, StageChangeCountRow>();
    for (const c of this.statements().stageChanges.iterate({ until })) {
      const previous = was.get(`${c.kind}\u0000${c.profileId}`) ?? null;
      was.set(`${c.kind}\u0000${c.profileId}`, c.to);
      const day = Math.floor(c.at / 86_400_000);
      const key = JSON.stringify([c.kind, day, c.from, c.to, previous]);
      const row = counts.get(key);
      if (row) row.count++;
      else counts.set(key, { kind: c.kind, day, from: c.from, to: c.to, was: previous, count: 1 });
    }
    return [...counts.values()];
  }

  async stagesAt(kind: string, at: number): Promise<Map<string, string>> {
    return new Map(
      this.statements()
        .stagesAt.all({ kind, at })
        .map((r) => [r.id, r.stage]),
    );
  }

  async traitFirstMatch(trait: string, values: Json[]): Promise<Map<string, number>> {
    const rows = this.statements().traitFirstMatch.all({
      trait,
      values: JSON.stringify(values),
    });
    return new Map(rows.map((r) => [r.id, r.at]));
  }

  async analyticsMessages(from: number, to: number): Promise<MessageFactRow[]> {
    return this.statements().messages.all({ from, to });
  }

  async messageEngagement(names: string[]): Promise<{ name: string; message: string }[]> {
    return this.statements().engagement.all({ names: JSON.stringify(names) });
  }

  async allMemberships(): Promise<{ accountId: string; profileId: string }[]> {
    return this.statements().memberships.all();
  }

  async scanEvents(): Promise<{ rows: number; bytes: number }> {
    const row = this.statements().scan.get()!;
    return { rows: row.rows, bytes: row.bytes ?? 0 };
  }
}
