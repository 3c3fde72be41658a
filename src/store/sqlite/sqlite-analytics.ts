import type { Json } from '../../core/types.js';
import { analyticsUserFromRow, narrowUserDecoder, rowMemo } from '../analytics-rows.js';
import type {
  ActivityQuery,
  AdoptionCountQuery,
  AdoptionCountRow,
  AnalyticsStore,
  AnalyticsUserParts,
  AnalyticsUserRow,
  AnalyticsUsersQuery,
  MessageFactRow,
  RetentionCountQuery,
  RetentionCountRow,
  StageChangeCountRow,
} from '../analytics-store.js';
import { activeDaysOther } from '../active-days.js';
import { countRetention } from '../retention-count-rows.js';
import { ACTIVE_DAYS_LEFT_OUT } from './migrations/017-analytics-narrow.js';
import type { AnalyticsReadStatements } from './queries/analytics.js';

/** The analytics reads of the SQLite store, on its reader connection (committed state only). */
export class SqliteAnalytics implements AnalyticsStore {
  constructor(private readonly statements: () => AnalyticsReadStatements) {}

  async retentionCounts(query: RetentionCountQuery): Promise<RetentionCountRow[]> {
    const { activity } = query;
    const other = activeDaysOther(activity, ACTIVE_DAYS_LEFT_OUT);
    if (query.accounts) {
      // One row per account (its signed-up members' days merged in SQL), counted here.
      const rows = this.statements().accountRetention[
        other !== undefined ? 'active' : 'names'
      ].iterate({
        fromDay: activity.fromDay,
        toDay: activity.toDay,
        other: other ?? null,
        include: activity.include ? JSON.stringify(activity.include) : null,
        exclude: JSON.stringify(activity.exclude),
        noViews: activity.excludeViews ? 1 : 0,
        firstEvent: query.cohortBy === 'first_event' ? 1 : 0,
        signup: query.signupEvent,
        fromCohortDay: query.fromCohortDay,
        toCohortDay: query.toCohortDay,
      });
      return countRetention(rows, query);
    }
    if (other !== undefined) {
      // The default activity: one row per user from `active_days`, counted here (no sort).
      const rows = this.statements().activeRetention.iterate({
        fromDay: activity.fromDay,
        toDay: activity.toDay,
        other,
        firstEvent: query.cohortBy === 'first_event' ? 1 : 0,
        signup: query.signupEvent,
        fromCohortDay: query.fromCohortDay,
        toCohortDay: query.toCohortDay,
        persona: query.persona,
      });
      return countRetention(rows, query);
    }
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
    if (query.only) return this.narrowUsers(query, query.only);
    // Rows as arrays: better-sqlite3 builds a named object per row far more slowly.
    const rows = this.statements().users.all({
      signup: query.signupEvent,
      conversion: query.conversionEvent,
      trait: query.trait,
      accountTrait: query.accountTrait,
    });
    const memo = rowMemo();
    const signupEvent = query.signupEvent !== null;
    return rows.map((r) =>
      analyticsUserFromRow(
        {
          id: r[0],
          firstSeen: r[1],
          signupAt: r[2],
          signupEventAt: r[3],
          activationStatus: r[4],
          activatedAt: r[5],
          milestones: r[6],
          personas: r[7],
          lifecycle: r[8],
          engagement: r[9],
          firstTouch: r[10],
          accountId: r[11],
          trait: r[12],
          accountTrait: r[13],
          conversionEventAt: r[14],
        },
        signupEvent,
        memo,
      ),
    );
  }

  private narrowUsers(query: AnalyticsUsersQuery, only: AnalyticsUserParts): AnalyticsUserRow[] {
    const decode = narrowUserDecoder(only, query.signupEvent !== null);
    const rows = this.statements().narrowUsers.all({
      signup: query.signupEvent,
      conversion: query.conversionEvent,
      trait: query.trait,
      accountTrait: query.accountTrait,
      milestones: only.milestones ? 1 : 0,
      persona: only.persona,
      touch: only.touch,
      stage: only.stage,
    });
    return rows.map((r) =>
      decode({
        id: r[0],
        firstSeen: r[1],
        signupAt: r[2],
        signupEventAt: r[3],
        activationStatus: r[4],
        activatedAt: r[5],
        milestones: r[6],
        persona: r[7],
        touch: r[8],
        stage: r[9],
        trait: r[10],
        accountTrait: r[11],
        conversionEventAt: r[12],
      }),
    );
  }

  async activityDays(query: ActivityQuery): Promise<Map<string, number[]>> {
    const other = activeDaysOther(query, ACTIVE_DAYS_LEFT_OUT);
    const rows =
      other !== undefined
        ? this.statements().activeDays.all({ fromDay: query.fromDay, toDay: query.toDay, other })
        : this.statements().activityDays.all({
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

  async adoptionCounts(query: AdoptionCountQuery): Promise<AdoptionCountRow[]> {
    const { activity } = query;
    return this.statements().adoptionCounts.all({
      fromDay: activity.fromDay,
      toDay: activity.toDay,
      from: query.from,
      to: query.to,
      include: activity.include ? JSON.stringify(activity.include) : null,
      exclude: JSON.stringify(activity.exclude),
      noViews: activity.excludeViews ? 1 : 0,
      signup: query.signupEvent,
    });
  }

  async activityNames(fromDay: number, toDay: number): Promise<Map<string, string[]>> {
    const names = new Map<string, string[]>();
    for (const row of this.statements().activityNames.all({ fromDay, toDay })) {
      names.set(row.id, JSON.parse(row.names) as string[]);
    }
    return names;
  }

  async stageChangeCounts(until: number): Promise<StageChangeCountRow[]> {
    return this.statements().stageChangeCounts.all({ until });
  }

  async stagesAt(kind: string, at: number): Promise<Map<string, string>> {
    // Each profile's changes together in time order: its last row is its stage at `at`, so only
    // that row is kept (one map entry per profile, not one write per change).
    const rows = this.statements().stagesAt.all({ kind, at });
    const out = new Map<string, string>();
    for (let i = 0; i < rows.length; i++) {
      const [id, stage] = rows[i];
      if (stage !== null && (i + 1 === rows.length || rows[i + 1][0] !== id)) out.set(id, stage);
    }
    return out;
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
