import type { LoadedDefinitions } from '../definitions/index.js';

/**
 * The workspace definitions in force. A reload swaps them in one assignment, between two
 * transactions, so a transaction sees one version from start to end; runs remember the version
 * they started on.
 */
export class Workspace {
  constructor(private loaded: LoadedDefinitions | null = null) {}

  get definitions(): LoadedDefinitions | null {
    return this.loaded;
  }

  replace(loaded: LoadedDefinitions): void {
    this.loaded = loaded;
  }
}
