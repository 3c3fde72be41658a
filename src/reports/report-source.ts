import type { Clock } from '../core/clock.js';
import type { Definitions } from '../definitions/index.js';
import type { PeriodKind, Unit } from '../definitions/gamification/periods.js';
import { Comparisons } from '../gamification/comparisons.js';
import { loadSubjectFigures, type Subject } from '../gamification/load-subjects.js';
import { SubjectFigures } from '../gamification/subject-figures.js';
import type { Store } from '../store/store.js';
import { Leaderboards } from './leaderboards.js';

/** Every subject of a unit compared for one period, built once for all of its reports. */
export interface PeriodComparisons {
  comparisons: Comparisons;
  /** Every subject's figures for the period (not their documents). */
  subjects: SubjectFigures;
  leaderboards: Leaderboards;
}

/** How long a period's comparisons are reused before the store is read again, by default. */
const KEEP_MS = 10 * 60_000;
const KEEP_ENTRIES = 8;

export interface ReportSourceOptions {
  /**
   * How long (clock time) a build is reused; default ten minutes. A simulation, whose clock
   * moves an hour per step while one period's reports go out over a day of time zones, keeps
   * them longer: otherwise every step re-reads every subject. Whatever the time, a build is
   * dropped once a later period of the same unit and kind is built (its reports are done), so
   * at most one build per unit and kind is held.
   */
  keepMs?: number;
}

/**
 * The comparisons reports read, built from every user or account once per (definitions, unit,
 * period) and kept a few minutes: a report run of 100,000 recipients reads the store's subjects
 * once, not once per email. A reported period is complete, so reuse changes nothing but late
 * events, which the next build picks up.
 */
export class ReportSource {
  private readonly cache = new Map<
    string,
    { at: number; value: Promise<PeriodComparisons>; unit: Unit; kind: PeriodKind; period: number }
  >();
  private definitions: Definitions | null = null;
  private readonly keepMs: number;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    options: ReportSourceOptions = {},
  ) {
    this.keepMs = options.keepMs ?? KEEP_MS;
  }

  comparisons(
    definitions: Definitions,
    unit: Unit,
    kind: PeriodKind,
    period: number,
  ): Promise<PeriodComparisons> {
    if (definitions !== this.definitions) {
      this.cache.clear();
      this.definitions = definitions;
    }
    const now = this.clock.now();
    const key = `${unit}/${kind}/${period}`;
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.keepMs) return hit.value;
    const value = loadSubjectFigures(this.store, definitions, unit, kind, period).then((figures) =>
      periodComparisons(definitions, unit, kind, period, figures),
    );
    // A failed read is not kept.
    value.catch(() => this.cache.delete(key));
    this.cache.delete(key);
    this.cache.set(key, { at: now, value, unit, kind, period });
    // The earlier periods of this unit and kind: their reports have gone out.
    for (const [other, entry] of this.cache)
      if (entry.unit === unit && entry.kind === kind && entry.period < period)
        this.cache.delete(other);
    while (this.cache.size > KEEP_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return value;
  }
}

export function periodComparisons(
  definitions: Definitions,
  unit: Unit,
  kind: PeriodKind,
  period: number,
  subjects: Iterable<Subject> | SubjectFigures,
): PeriodComparisons {
  const figures =
    subjects instanceof SubjectFigures
      ? subjects
      : SubjectFigures.of(definitions, unit, kind, period, subjects);
  return {
    comparisons: new Comparisons(definitions, unit, kind, period, figures),
    subjects: figures,
    leaderboards: new Leaderboards(definitions, kind, period, figures),
  };
}
