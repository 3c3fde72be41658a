import type { Clock } from '../core/clock.js';

/** What a kept answer carries beside its figures: when it was computed (ISO), and `stale` when it
 * is older than max age and sent at once while its recomputation runs (`acceptStale`). With
 * reuse off (max age 0) every answer is computed at its request and is sent as computed. */
export type Computed<T> = T & { computedAt?: string; stale?: true };

export interface AnswerCacheOptions {
  clock: Clock;
  /** An answer is reused while its age is at most this (CAIRN_ANALYSIS_MAX_AGE_SECONDS); 0: off. */
  maxAgeSeconds: number;
  /** What the answers depend on besides the store (the workspace definitions): when the value
   * returned changes identity (a reload of cairn.yaml), every answer is dropped. */
  generation?: () => unknown;
  /** Bounds, least recently used dropped first. */
  maxEntries?: number;
  maxBytes?: number;
  /** An answer requested within this long is recomputed before it expires (refresh ahead). */
  keepWarmMs?: number;
  /** Sees a background recomputation's failure (the old answer stays until it expires). */
  onRefreshError?: (key: string, error: unknown) => void;
}

interface Entry {
  value: object;
  computedAt: number;
  lastRequested: number;
  bytes: number;
  /** How to compute it again; absent for a by-product nobody has asked for yet. */
  compute?: (also: Also) => Promise<object>;
  /** Kept as the by-product (`Also`) of the answer under this key: recomputed with that one, so
   * refreshed after it, and a request waits for that one's running computation. */
  source?: string;
  /** Recomputed in the background while requested lately (else only at a request past max age). */
  ahead: boolean;
}

export interface AnswerOptions {
  /** Recompute it ahead of its expiry while requested lately (default true). False for cheap
   * answers of which many are looked at once or twice (a page of a user list): one past max age
   * is computed at its next request. */
  refreshAhead?: boolean;
  /** How long past max age (ms; Infinity: any) the asker takes a kept answer (HTTP
   * `Cache-Control: max-stale`, which the dashboard sends): one within it is sent at once marked
   * `stale`, and its recomputation starts in the background — a request that does not take it
   * stale waits for that computation. Without a kept answer within it, or with reuse off, the
   * answer is computed as usual. */
  acceptStale?: number;
}

/**
 * Keeps, beside the answer being computed, another answer the same computation gave (the users
 * behind an analysis's groups, the lift a journey page reads): stored under `key` as computed
 * at the same time, so a request for it is a read, not a second computation.
 */
export type Also = (key: string, value: object) => void;

/** How a route computes its answer from its query (one string per parameter). */
export type Compute = (params: Record<string, string>, also: Also) => Promise<object>;

/** One answer to keep warm: a route's path and its query. */
export interface Standing {
  path: string;
  params: Record<string, string>;
}

export const DEFAULT_MAX_ENTRIES = 500;
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
export const DEFAULT_KEEP_WARM_MS = 10 * 60_000;

/**
 * The analysis answers recently computed, so a dashboard's page views read them instead of
 * scanning the store each time (src/http/ARCHITECTURE.md, "Answer cache"). Keyed by route path
 * and the sorted query; an answer is served while at most `maxAgeSeconds` old, identical requests
 * made while one is computed share that computation, failures are never kept, and answers
 * requested lately are recomputed in the background, one at a time, shortly before they expire.
 */
export class AnswerCache {
  readonly maxAgeMs: number;
  /** How many computations ran (foreground and background), for tests and benchmarks. */
  computations = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<object>>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly keepWarmMs: number;
  private bytes = 0;
  private generation: unknown;
  private refreshing: Promise<number> | null = null;
  /** The routes' computations by path (`define`), for answers computed before any request. */
  private readonly routes = new Map<string, Compute>();
  /** Answers kept warm while any answer is asked for (`keepWarm`), by key. */
  private readonly standing = new Map<string, (also: Also) => Promise<object>>();
  private warming: Promise<unknown> | null = null;
  private stopped = false;
  /** When an answer was last asked for (or the warm-up started): standing answers are kept warm
   * only while the dashboard is in use, within `keepWarmMs` of this. */
  private lastUse: number;

  constructor(private readonly options: AnswerCacheOptions) {
    this.maxAgeMs = Math.max(0, options.maxAgeSeconds) * 1000;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.keepWarmMs = options.keepWarmMs ?? DEFAULT_KEEP_WARM_MS;
    this.generation = options.generation?.();
    this.lastUse = options.clock.now();
  }

  /** The key of a route's answer: its path and its parameters, sorted by name. */
  static key(path: string, params: Record<string, string>): string {
    const sorted = Object.keys(params)
      .sort()
      .map((name): [string, string] => [name, params[name]!]);
    const query = new URLSearchParams(sorted).toString();
    return query ? `${path}?${query}` : path;
  }

  get size(): number {
    return this.entries.size;
  }

  /** How long before expiry a recently requested answer is recomputed. */
  get leadMs(): number {
    return Math.min(15_000, Math.floor(this.maxAgeMs / 4));
  }

  /** The answer under `key`: the stored one while fresh, else `compute`'s (shared while running). */
  async answer<T extends object>(
    key: string,
    compute: (also: Also) => Promise<T>,
    options: AnswerOptions = {},
  ): Promise<Computed<T>> {
    const now = this.options.clock.now();
    if (this.maxAgeMs === 0) {
      this.computations += 1;
      return compute(() => {});
    }
    this.checkGeneration();
    this.lastUse = now;
    const entry = this.entries.get(key);
    if (entry) {
      entry.lastRequested = now;
      entry.compute = compute;
      if (now - entry.computedAt <= this.maxAgeMs) {
        this.touch(key, entry);
        return entry.value as Computed<T>;
      }
      const past = now - entry.computedAt - this.maxAgeMs;
      if (past <= (options.acceptStale ?? -1) && !this.stopped)
        return this.staleWhileRenewing(key, entry, now);
      // Its source is being computed (a refresh): that computation renews it.
      const renewing = entry.source === undefined ? undefined : this.pending.get(entry.source);
      if (renewing) {
        await renewing.catch(() => {});
        const renewed = this.entries.get(key);
        if (renewed && this.options.clock.now() - renewed.computedAt <= this.maxAgeMs)
          return renewed.value as Computed<T>;
      }
    }
    const ahead = options.refreshAhead ?? true;
    return (await this.computeShared(key, compute, now, now, ahead)) as Computed<T>;
  }

  /**
   * A kept answer past max age, sent as it is while its renewal runs in the background: the
   * computation of the answer it was kept with (a by-product renews with its source), else its
   * own. A failure leaves the old answer (reported to `onRefreshError`); the next request that
   * does not accept it stale computes anew.
   */
  private staleWhileRenewing<T extends object>(
    key: string,
    entry: Entry,
    now: number,
  ): Computed<T> {
    this.touch(key, entry);
    const source = entry.source === undefined ? undefined : this.entries.get(entry.source);
    const [renewKey, renew] =
      entry.source !== undefined && source?.compute
        ? [entry.source, source.compute]
        : [key, entry.compute!];
    this.computeShared(renewKey, renew, now, source?.lastRequested ?? now).catch((error) =>
      this.options.onRefreshError?.(renewKey, error),
    );
    return { ...(entry.value as Computed<T>), stale: true };
  }

  /** Computes and keeps `key`'s answer, as if just requested (the start-up warm-up). */
  async warm<T extends object>(key: string, compute: (also: Also) => Promise<T>): Promise<void> {
    if (this.maxAgeMs === 0) return;
    this.checkGeneration();
    await this.computeShared(key, compute, this.options.clock.now());
  }

  /** Says how the route at `path` computes an answer from its query (what `keepWarm` runs). */
  define(path: string, compute: Compute): void {
    this.routes.set(path, compute);
  }

  /**
   * Computes these answers one after another, and from then on recomputes each ahead of its
   * expiry while the dashboard is in use — any answer asked for within the keep-warm window,
   * whether or not it was this one (one computation at a time, as every refresh) — so that a
   * page asking them reads an answer at most max age old; idle, nothing is computed. Resolves when each
   * has been computed once, with how long each took; a failure is reported (`onRefreshError`)
   * and the others go on.
   */
  keepWarm(answers: readonly Standing[]): Promise<{ key: string; ms: number; ok: boolean }[]> {
    this.lastUse = this.options.clock.now();
    const run = this.warmInTurn(answers);
    this.warming = run.then(
      () => (this.warming = null),
      () => (this.warming = null),
    );
    return run;
  }

  private async warmInTurn(
    answers: readonly Standing[],
  ): Promise<{ key: string; ms: number; ok: boolean }[]> {
    const done: { key: string; ms: number; ok: boolean }[] = [];
    if (this.maxAgeMs === 0) return done;
    for (const { path, params } of answers) {
      if (this.stopped) break;
      const route = this.routes.get(path);
      if (!route) throw new Error(`no analysis route at ${path}`);
      const key = AnswerCache.key(path, params);
      const compute = (also: Also) => route(params, also);
      this.standing.set(key, compute);
      const started = performance.now();
      try {
        await this.warm(key, compute);
        done.push({ key, ms: performance.now() - started, ok: true });
      } catch (error) {
        // Not kept warm: a failure repeated every few seconds would only fill the log.
        this.standing.delete(key);
        this.options.onRefreshError?.(key, error);
        done.push({ key, ms: performance.now() - started, ok: false });
      }
    }
    return done;
  }

  /**
   * Recomputes, one after another, the answers requested within the keep-warm window whose age
   * has reached max age minus the lead. Returns how many were recomputed. A call made while one
   * runs waits for that one instead of starting another.
   */
  refreshDue(): Promise<number> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.refreshInTurn().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Starts no background computation from now on (the app is closing). */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves once no computation is running (the app waits for it before the store closes). */
  async settled(): Promise<void> {
    while (this.refreshing || this.warming || this.pending.size > 0) {
      await Promise.allSettled([this.refreshing, this.warming, ...this.pending.values()]);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private async refreshInTurn(): Promise<number> {
    if (this.maxAgeMs === 0) return 0;
    this.checkGeneration();
    let done = 0;
    for (const key of this.due()) {
      if (this.stopped) break;
      const entry = this.entries.get(key);
      const standing = this.standing.get(key);
      // Already being computed for a request; or dropped meanwhile (bound, reload) and not
      // standing; or computed meanwhile (a by-product: with the answer that gives it).
      if (this.pending.has(key) || (!entry && !standing)) continue;
      if (entry && !this.isDue(key, entry, this.options.clock.now())) continue;
      const compute = standing ?? entry!.compute;
      if (!compute) continue;
      try {
        const now = this.options.clock.now();
        // A standing answer is computed as kept warm (a request may have left its own way).
        await this.computeShared(key, compute, now, entry?.lastRequested ?? now);
        done += 1;
      } catch (error) {
        // A standing answer that cannot be computed any more is no longer kept warm.
        if (!this.entries.has(key)) this.standing.delete(key);
        this.options.onRefreshError?.(key, error);
      }
    }
    return done;
  }

  /**
   * The answers to recompute now: those due, and standing ones no longer kept (bound, reload).
   * By-products come last: the answer that gives one is recomputed first, which renews it.
   */
  private due(): string[] {
    const now = this.options.clock.now();
    const due = [...this.entries].filter(([key, e]) => this.isDue(key, e, now));
    const keys = [...due.filter(([, e]) => !e.source), ...due.filter(([, e]) => e.source)];
    const ordered = keys.map(([key]) => key);
    if (!this.inUse(now)) return ordered;
    const missing = [...this.standing.keys()].filter((key) => !this.entries.has(key));
    return [...missing, ...ordered];
  }

  private isDue(key: string, entry: Entry, now: number): boolean {
    return (
      entry.ahead &&
      (now - entry.lastRequested <= this.keepWarmMs ||
        (this.standing.has(key) && this.inUse(now))) &&
      now - entry.computedAt >= this.maxAgeMs - this.leadMs
    );
  }

  /** Whether any answer was asked for within the keep-warm window (the dashboard is in use). */
  private inUse(now: number): boolean {
    return now - this.lastUse <= this.keepWarmMs;
  }

  private computeShared(
    key: string,
    compute: (also: Also) => Promise<object>,
    requestedAt: number,
    lastRequested = requestedAt,
    ahead = this.entries.get(key)?.ahead ?? true,
  ): Promise<object> {
    const running = this.pending.get(key);
    if (running) return running;
    const generation = this.generation;
    const started = (async () => {
      this.computations += 1;
      const computedAt = this.options.clock.now();
      const byproducts = new Map<string, object>();
      const value = withComputedAt(await compute((k, v) => byproducts.set(k, v)), computedAt);
      if (generation === this.generation) {
        // A by-product computed on its own stays one: its source still renews it first.
        const source = this.entries.get(key)?.source;
        this.store(key, { value, computedAt, lastRequested, bytes: 0, compute, source, ahead });
        for (const [k, v] of byproducts) {
          if (k === key) continue;
          // Who asked for it last and how it computes on its own stay as they were.
          const kept = this.entries.get(k);
          this.store(k, {
            value: withComputedAt(v, computedAt),
            computedAt,
            lastRequested: kept?.lastRequested ?? -Infinity,
            bytes: 0,
            compute: kept?.compute,
            source: key,
            ahead: true,
          });
        }
      }
      return value;
    })();
    this.pending.set(key, started);
    // Whatever the outcome, the next request after this one computes anew if nothing was kept.
    void started.then(
      () => this.pending.delete(key),
      () => this.pending.delete(key),
    );
    return started;
  }

  private store(key: string, entry: Entry): void {
    this.drop(key);
    entry.bytes = JSON.stringify(entry.value).length;
    if (entry.bytes > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldest] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** Marks `key` as the most recently used (a Map iterates in insertion order). */
  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private checkGeneration(): void {
    const current = this.options.generation?.();
    if (current === this.generation) return;
    this.generation = current;
    this.clear();
  }
}

function withComputedAt<T extends object>(value: T, computedAt: number): Computed<T> {
  return { ...value, computedAt: new Date(computedAt).toISOString() };
}
