import type { JsonObject } from '../../core/types.js';
import type { Journey, LoadedDefinitions } from '../../definitions/index.js';
import {
  compiledJourneys,
  journeyVersion,
  type JourneyRun,
  type JourneyVersions,
} from '../../engine/journeys/index.js';
import type { JourneyVersionKey, Store, StoreTx } from '../../store/store.js';

/**
 * Journey definitions by version, so a run finishes on the version it started on even after
 * `cairn.yaml` changed. Every version is stored before it is put in force (`saveJourneyVersions`),
 * and this book caches them: the versions this process loaded, plus those it read back for a
 * run (`fetchMissing`) — a run started before a restart, or by another process with newer
 * definitions. Only a run whose version was never stored (one started before Cairn stored
 * versions) moves to the current version by step id (see src/engine/journeys/migrate-run.ts).
 */
export class JourneyVersionBook {
  private readonly versions = new Map<string, Journey>();

  add(definitions: LoadedDefinitions): void {
    for (const journey of compiledJourneys(definitions).values()) {
      this.versions.set(key(journey.id, journey.version), journey.definition);
    }
  }

  /**
   * Reads the versions of these runs that this process has not loaded yet, inside the
   * transaction about to move them, so that `lookup` (which must answer at once) finds them.
   */
  async fetchMissing(tx: StoreTx, runs: readonly JourneyRun[]): Promise<void> {
    const missing = new Map<string, JourneyVersionKey>();
    for (const { journeyId, version } of runs) {
      const k = key(journeyId, version);
      if (!this.versions.has(k)) missing.set(k, { journeyId, version });
    }
    if (!missing.size) return;
    for (const record of await tx.getJourneyVersions([...missing.values()])) {
      const definition = record.definition as unknown as Journey;
      // The version is a hash of the definition: one that does not match is not used.
      if (journeyVersion(definition) !== record.version) continue;
      this.versions.set(key(record.journeyId, record.version), definition);
    }
  }

  readonly lookup: JourneyVersions = (journeyId, version) =>
    this.versions.get(key(journeyId, version)) ?? null;
}

/**
 * Stores the version of every journey of these definitions. Called before they are put in
 * force (at start, and on a reload before the swap), so that any run a process starts is on
 * a version every process, and every later start, can read back.
 */
export async function saveJourneyVersions(
  store: Store,
  definitions: LoadedDefinitions,
  now: number,
): Promise<void> {
  const records = [...compiledJourneys(definitions).values()].map((journey) => ({
    journeyId: journey.id,
    version: journey.version,
    definition: journey.definition as unknown as JsonObject,
    createdAt: now,
  }));
  if (records.length) await store.transaction((tx) => tx.putJourneyVersions(records));
}

const key = (journeyId: string, version: string) => `${journeyId}\u0000${version}`;
