import type { Journey } from '../../definitions/index.js';
import type { LoadedDefinitions } from '../../definitions/index.js';
import { compiledJourneys, type JourneyVersions } from '../../engine/journeys/index.js';

/**
 * Journey definitions by version, so a run finishes on the version it started on even after
 * `cairn.yaml` changed. Every version this process has loaded is kept; the store keeps them too
 * (see `rememberVersions`), so a restart with a changed file still finds them.
 */
export class JourneyVersionBook {
  private readonly versions = new Map<string, Journey>();

  add(definitions: LoadedDefinitions): void {
    for (const journey of compiledJourneys(definitions).values()) {
      this.versions.set(key(journey.id, journey.version), journey.definition);
    }
  }

  addRaw(journeyId: string, version: string, definition: Journey): void {
    this.versions.set(key(journeyId, version), definition);
  }

  entries(): [string, string, Journey][] {
    return [...this.versions].map(([k, definition]) => {
      const [journeyId, version] = k.split('\u0000');
      return [journeyId, version, definition];
    });
  }

  readonly lookup: JourneyVersions = (journeyId, version) =>
    this.versions.get(key(journeyId, version)) ?? null;
}

const key = (journeyId: string, version: string) => `${journeyId}\u0000${version}`;
