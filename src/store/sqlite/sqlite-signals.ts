import type { JsonObject } from '../../core/types.js';
import { signalProfileFromRow } from '../signal-rows.js';
import type {
  ActivityCountRow,
  EarlyActionRow,
  SignalProfileRow,
  SignalsStore,
} from '../signals-store.js';
import type { SignalReadStatements } from './queries/signals.js';

/** The signals' reads of the SQLite store, on its reader connection (committed state only). */
export class SqliteSignals implements SignalsStore {
  constructor(private readonly statements: () => SignalReadStatements) {}

  async signalProfiles(): Promise<SignalProfileRow[]> {
    return this.statements().profiles.all().map(signalProfileFromRow);
  }

  async signalAccounts(): Promise<{ id: string; traits: JsonObject }[]> {
    return this.statements()
      .accounts.all()
      .map((r) => ({ id: r.id, traits: objectOf(r.traits) }));
  }

  async earlyActions(horizon: number): Promise<EarlyActionRow[]> {
    const out: EarlyActionRow[] = [];
    for (const [profileId, name, at] of this.statements().earlyActions.iterate({ horizon }))
      out.push({ profileId, name, at });
    return out;
  }

  async activityCounts(
    fromDay: number,
    toDay: number,
    names: string[],
  ): Promise<ActivityCountRow[]> {
    const rows = this.statements().activityCounts.all({
      fromDay,
      toDay,
      names: JSON.stringify(names),
    });
    return rows.map(([profileId, day, name, n]) => ({ profileId, day, name, n }));
  }

  async segmentMembers(segment: string): Promise<{ profileId: string; since: number }[]> {
    return this.statements().segmentMembers.all({ segment });
  }
}

function objectOf(text: string | null): JsonObject {
  const value = text === null ? null : (JSON.parse(text) as unknown);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}
