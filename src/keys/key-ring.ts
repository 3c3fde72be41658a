import { hashKey, matchesHash } from './key-hash.js';

/**
 * What a write key may do. `public`: the key a browser holds (analytics.js), so anyone can read
 * it from a page: track, page, screen, group, and identify of traits that are not contact
 * points. `server`: everything, including alias and contact points (`email`, `phone`).
 */
export type KeyScope = 'public' | 'server';

/** The hashes of the three keys (key-hash.ts); null: no such key. */
export interface KeyHashes {
  write: string | null;
  serverWrite: string | null;
  admin: string | null;
}

export interface KeyRingOptions {
  /** Reads the hashes again (from the store), so a key rotated by `cairn keys rotate` in another
   * process is taken without a restart. Absent: the hashes never change. */
  reload?: () => Promise<KeyHashes>;
  /** The clock's time in ms; reloads happen at most once per `reloadEveryMs`. */
  now?: () => number;
  reloadEveryMs?: number;
}

/**
 * Checks the keys a request carries against the hashes of the workspace's keys. Only hashes
 * are held: a key leaves no copy in memory or in the database once it has been shown. A key
 * that matches nothing makes the ring read the hashes again (at most once a second, so a flood
 * of bad keys costs one settings read a second), and then it is checked once more.
 */
export class KeyRing {
  private lastReload = -Infinity;

  constructor(
    private hashes: KeyHashes,
    private readonly options: KeyRingOptions = {},
  ) {}

  /** A ring over known keys (tests, and keys given by the environment only). */
  static ofKeys(keys: { write: string; serverWrite: string; admin: string }): KeyRing {
    return new KeyRing({
      write: hashKey(keys.write),
      serverWrite: hashKey(keys.serverWrite),
      admin: hashKey(keys.admin),
    });
  }

  /** The scope of a write key; null when it is neither the public nor the server write key. */
  async writeScope(given: string | null): Promise<KeyScope | null> {
    if (given === null) return null;
    const scope = this.scopeNow(given);
    if (scope !== null || !(await this.reloaded())) return scope;
    return this.scopeNow(given);
  }

  async isAdmin(given: string | null): Promise<boolean> {
    if (given === null) return false;
    if (this.adminNow(given)) return true;
    return (await this.reloaded()) && this.adminNow(given);
  }

  private scopeNow(given: string): KeyScope | null {
    const { write, serverWrite } = this.hashes;
    // Both are compared, whatever the first gives, so timing tells nothing about which matched.
    const isServer = serverWrite !== null && matchesHash(given, serverWrite);
    const isPublic = write !== null && matchesHash(given, write);
    return isServer ? 'server' : isPublic ? 'public' : null;
  }

  private adminNow(given: string): boolean {
    return this.hashes.admin !== null && matchesHash(given, this.hashes.admin);
  }

  /** Reads the hashes again unless that was done less than `reloadEveryMs` ago. */
  private async reloaded(): Promise<boolean> {
    const { reload, now = Date.now, reloadEveryMs = 1000 } = this.options;
    if (!reload) return false;
    const time = now();
    if (time - this.lastReload < reloadEveryMs) return false;
    this.lastReload = time;
    this.hashes = await reload();
    return true;
  }
}
