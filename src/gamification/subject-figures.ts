import type { JsonObject } from '../core/types.js';
import type { Definitions } from '../definitions/index.js';
import type { PeriodKind, Unit } from '../definitions/gamification/periods.js';
import { own } from '../engine/gamification/game-state.js';
import { valueIn } from '../engine/gamification/metric-buckets.js';
import type { Subject } from './load-subjects.js';

/**
 * Every subject of a unit reduced to what one period's comparisons and leaderboards read: its
 * id, cohort traits, each metric's value in the period and the one before, the badges it holds
 * and the recommendations it adopted. Held in columns (one typed array for the values, shared
 * sets for the badges and adoptions, which repeat), so a run of 100,000 recipients keeps a few
 * megabytes rather than every subject's game state: subjects are added one at a time as the
 * store's pages are read, and each page's documents are dropped after.
 */
export class SubjectFigures {
  /** The metrics measured: the definitions' metrics, then any other metric the ROI counts. */
  readonly metrics: readonly string[];
  /** The unit's badges, in the definitions' order. */
  readonly badgeNames: readonly string[];
  readonly ids: string[] = [];
  /** Cohort traits by position (a user's are their first account's: one object per account). */
  readonly traits: JsonObject[] = [];
  /** Badges held by position; subjects holding the same badges share one set. */
  readonly badges: ReadonlySet<string>[] = [];
  /** Recommendations adopted by position; subjects with the same adoptions share one set. */
  readonly adopted: ReadonlySet<string>[] = [];
  /** Metric m of subject i: in the period at [i * width + 2m], in the period before at + 1. */
  private values: Float64Array;
  private readonly width: number;
  private readonly metricIndex = new Map<string, number>();
  private readonly recommendations: [name: string, milestone: string][];
  private readonly sets = new Map<string, ReadonlySet<string>>();
  private positions: Map<string, number> | null = null;

  constructor(
    definitions: Definitions,
    unit: Unit,
    private readonly kind: PeriodKind,
    private readonly period: number,
  ) {
    const metrics = Object.keys(definitions.metrics);
    for (const metric of Object.keys(definitions.roi?.minutes ?? {}))
      if (!metrics.includes(metric)) metrics.push(metric);
    this.metrics = metrics;
    metrics.forEach((metric, m) => this.metricIndex.set(metric, m));
    this.width = 2 * metrics.length;
    this.values = new Float64Array(this.width * 1024);
    this.badgeNames = Object.entries(definitions.badges)
      .filter(([, badge]) => badge.for === unit)
      .map(([name]) => name);
    this.recommendations = Object.entries(definitions.recommendations).map(([name, r]) => [
      name,
      r.adopted,
    ]);
  }

  /** Subjects of a list, as read for the period. */
  static of(
    definitions: Definitions,
    unit: Unit,
    kind: PeriodKind,
    period: number,
    subjects: Iterable<Subject>,
  ): SubjectFigures {
    const figures = new SubjectFigures(definitions, unit, kind, period);
    for (const subject of subjects) figures.add(subject);
    return figures;
  }

  get length(): number {
    return this.ids.length;
  }

  add(subject: Subject): void {
    const at = this.ids.length;
    if ((at + 1) * this.width > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const game = subject.game;
    if (game) {
      const base = at * this.width;
      this.metrics.forEach((metric, m) => {
        const state = own(game.metrics, metric);
        this.values[base + 2 * m] = valueIn(state, this.kind, this.period);
        this.values[base + 2 * m + 1] = valueIn(state, this.kind, this.period - 1);
      });
    }
    this.ids.push(subject.id);
    this.traits.push(subject.traits);
    this.badges.push(
      this.shared(
        'b',
        game ? this.badgeNames.filter((name) => own(game.badges, name) !== undefined) : [],
      ),
    );
    this.adopted.push(
      this.shared(
        'r',
        this.recommendations
          .filter(([, milestone]) => subject.milestones.has(milestone))
          .map(([name]) => name),
      ),
    );
    this.positions?.set(subject.id, at);
  }

  /** The subject's position; a later subject with the same id replaces an earlier one. */
  position(id: string): number | undefined {
    if (this.positions === null) {
      this.positions = new Map();
      this.ids.forEach((id, at) => this.positions!.set(id, at));
    }
    return this.positions.get(id);
  }

  /** The metric's value for the subject at `position`, in the period or (`before`) the one before. */
  value(position: number, metric: string, before = false): number {
    const m = this.metricIndex.get(metric);
    return m === undefined ? 0 : this.valueAt(position, m, before);
  }

  /** As `value`, by the metric's index in `metrics`. */
  valueAt(position: number, m: number, before = false): number {
    return this.values[position * this.width + 2 * m + (before ? 1 : 0)]!;
  }

  /** One set per distinct list of names (in definition order), shared by its subjects. */
  private shared(kind: string, names: string[]): ReadonlySet<string> {
    const key = `${kind}\u0000${names.join('\u0000')}`;
    let set = this.sets.get(key);
    if (set === undefined) this.sets.set(key, (set = new Set(names)));
    return set;
  }
}
