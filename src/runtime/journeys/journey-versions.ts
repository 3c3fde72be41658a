import type { Journey, LoadedDefinitions } from '../../definitions/index.js';
import { compiledJourneys, type JourneyVersions } from '../../engine/journeys/index.js';

/**
 * Journey definitions by version, so a run finishes on the version it started on even after
 * `cairn.yaml` changed. Every version this process has loaded is kept, in memory: after a
 * restart with a changed file, a run whose version is gone moves to the current version by
 * step id (see src/engine/journeys/migrate-run.ts).
 */
export class JourneyVersionBook {
  private readonly versions = new Map<string, Journey>();

  add(definitions: LoadedDefinitions): void {
    for (const journey of compiledJourneys(definitions).values()) {
      this.versions.set(key(journey.id, journey.version), journey.definition);
    }
  }

  readonly lookup: JourneyVersions = (journeyId, version) =>
    this.versions.get(key(journeyId, version)) ?? null;
}

const key = (journeyId: string, version: string) => `${journeyId}\u0000${version}`;
