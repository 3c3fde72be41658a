import type { LoadedDefinitions } from '../definitions/index.js';
import { JourneyVersionBook } from './journeys/journey-versions.js';

/**
 * The workspace definitions in force. A reload swaps them in one assignment, between two
 * transactions, so a transaction sees one version from start to end; runs remember the version
 * they started on.
 */
export class Workspace {
  /** Every journey version loaded so far, so runs finish on the version they started on. */
  readonly versions = new JourneyVersionBook();

  /**
   * What the last read of the definitions file found: valid (its version) or not (its errors).
   * The file watcher records each attempt, so readers learn it without parsing the file again.
   */
  fileCheck: FileCheck | null = null;

  constructor(private loaded: LoadedDefinitions | null = null) {
    if (loaded) {
      this.versions.add(loaded);
      this.fileCheck = { valid: true, version: loaded.version, errors: [] };
    }
  }

  get definitions(): LoadedDefinitions | null {
    return this.loaded;
  }

  replace(loaded: LoadedDefinitions): void {
    this.versions.add(loaded);
    this.loaded = loaded;
    this.fileCheck = { valid: true, version: loaded.version, errors: [] };
  }
}

export interface FileCheck {
  valid: boolean;
  /** The version the file had when it last validated (absent while it does not). */
  version?: string;
  errors: string[];
}
