import type { Definitions } from '../definitions/index.js';
import type { PeriodKind, Unit } from '../definitions/gamification/periods.js';
import { periodLabel } from '../engine/gamification/local-periods.js';
import { CohortKeys } from '../engine/gamification/cohort-key.js';
import {
  PeerIndex,
  type PeerComparison,
  type PeerSubject,
} from '../engine/gamification/peer-index.js';
import {
  RecommendationIndex,
  type RankedRecommendation,
} from '../engine/gamification/recommendation-index.js';
import { timeSavedFrom, type TimeSaved } from '../engine/gamification/roi.js';
import { setOwn } from '../core/own-key.js';
import type { RecommendationDefinition } from '../definitions/gamification/recommendations.js';
import type { RoiDefinition } from '../definitions/gamification/roi.js';
import type { Subject } from './load-subjects.js';
import { SubjectFigures } from './subject-figures.js';

export interface MetricComparison {
  value: number;
  /** The period before, and the change in percent (null from 0). */
  previous: number;
  change: number | null;
  /** Null without peers defined, or with fewer than peers.min_size of them. */
  peers: PeerComparison | null;
}

export interface SubjectComparison {
  unit: Unit;
  id: string;
  period: { kind: PeriodKind; start: string };
  metrics: Record<string, MetricComparison>;
  timeSaved: (TimeSaved & { peers: PeerComparison | null }) | null;
  recommendations: RankedRecommendation[];
  /**
   * Every badge of the unit: whether this subject holds it, and its rarity — the share of
   * subjects holding it, in percent.
   */
  badges: Record<string, { held: boolean; holders: number; rarity: number }>;
}

/**
 * Every subject of a unit compared, for one period: each metric's value against the period
 * before and against peers, time saved, and the recommendations ranked by impact. The indexes
 * are built once from all subjects' figures; `answer` is then a few lookups per subject. Only
 * the figures are kept (not the subjects' game states).
 */
export class Comparisons {
  private readonly figures: SubjectFigures;
  private readonly metricIndexes: (PeerIndex | null)[];
  private readonly savedIndex: PeerIndex | null;
  private readonly recommendations: RecommendationIndex | null;
  private readonly holders = new Map<string, number>();
  /** The definitions' metric names (and their index in the figures), listed once. */
  private readonly metricNames: [string, number][];
  private readonly recommendationList: [string, RecommendationDefinition][];
  /** The period's first day, as every answer names it. */
  private readonly start: string;
  /**
   * The badges record of an answer, by the set of badges the subject holds (shared by the
   * subjects holding the same badges): they share one (frozen) record.
   */
  private readonly badgeRecords = new Map<ReadonlySet<string>, SubjectComparison['badges']>();

  constructor(
    private readonly definitions: Definitions,
    private readonly unit: Unit,
    private readonly kind: PeriodKind,
    private readonly period: number,
    subjects: Iterable<Subject> | SubjectFigures,
  ) {
    const figures = (this.figures =
      subjects instanceof SubjectFigures
        ? subjects
        : SubjectFigures.of(definitions, unit, kind, period, subjects));
    const count = figures.length;
    this.metricNames = Object.keys(definitions.metrics).map((name) => [
      name,
      figures.metrics.indexOf(name),
    ]);
    this.recommendationList = Object.entries(definitions.recommendations);
    this.start = periodLabel(period, kind);
    for (const name of figures.badgeNames) {
      let held = 0;
      for (let i = 0; i < count; i++) if (figures.badges[i]!.has(name)) held++;
      this.holders.set(name, held);
    }
    const peers = definitions.peers;
    const roi = definitions.roi;
    // Each subject's time saved in the period, for its peer index and the recommendations.
    const minutes = new Float64Array(count);
    if (roi) for (let i = 0; i < count; i++) minutes[i] = this.saved(i, roi).minutes;
    // Each subject's cohort keys, made once for every index below.
    const cohorts = new CohortKeys(peers?.cohort ?? []);
    const measured = (value: (i: number) => number): PeerSubject[] =>
      figures.ids.map((id, i) => ({ id, traits: figures.traits[i]!, value: value(i) }));
    this.metricIndexes = this.metricNames.map(([, m]) =>
      peers
        ? new PeerIndex(
            measured((i) => figures.valueAt(i, m)),
            peers.cohort,
            peers.min_size,
            cohorts,
          )
        : null,
    );
    this.savedIndex =
      peers && roi
        ? new PeerIndex(
            measured((i) => minutes[i]!),
            peers.cohort,
            peers.min_size,
            cohorts,
          )
        : null;
    const recommendations = this.recommendationList;
    this.recommendations = recommendations.length
      ? new RecommendationIndex(
          figures.ids.map((id, i) => ({
            id,
            traits: figures.traits[i]!,
            // Each recommendation's impact period is its own; the common one is the report's.
            minutes: minutes[i]!,
            adopted: figures.adopted[i]!,
          })),
          recommendations,
          cohorts.keys,
          peers?.min_size ?? Number.MAX_SAFE_INTEGER,
          cohorts,
        )
      : null;
  }

  /** The subject's comparison, or null when it is not one of the subjects. */
  answer(id: string, limit = 2): SubjectComparison | null {
    const figures = this.figures;
    const position = figures.position(id);
    if (position === undefined) return null;
    const metrics: Record<string, MetricComparison> = Object.create(null) as Record<
      string,
      MetricComparison
    >;
    this.metricNames.forEach(([metric, m], index) => {
      const value = figures.valueAt(position, m);
      const previous = figures.valueAt(position, m, true);
      metrics[metric] = {
        value,
        previous,
        change: previous === 0 ? null : (100 * (value - previous)) / previous,
        peers: this.metricIndexes[index]?.compareAt(position) ?? null,
      };
    });
    const roi = this.definitions.roi;
    // Computed once for the answer and the recommendations' ranking (pure).
    const saved = roi ? this.saved(position, roi) : null;
    return {
      unit: this.unit,
      id,
      period: { kind: this.kind, start: this.start },
      metrics,
      timeSaved: saved
        ? {
            ...saved,
            peers: this.savedIndex?.compareAt(position) ?? null,
          }
        : null,
      badges: this.badgesOf(figures.badges[position]!),
      recommendations: this.recommendations
        ? this.recommendations.rank(
            {
              id,
              traits: figures.traits[position]!,
              minutes: saved ? saved.minutes : 0,
              adopted: figures.adopted[position]!,
            },
            limit,
          )
        : [],
    };
  }

  /** The time the subject at `position` saved in the period. */
  private saved(position: number, roi: RoiDefinition): TimeSaved {
    return timeSavedFrom(roi, (metric) => this.figures.value(position, metric));
  }

  /** Every badge of the unit: whether the subject holds it, its holders and rarity. */
  private badgesOf(held: ReadonlySet<string>): SubjectComparison['badges'] {
    const known = this.badgeRecords.get(held);
    if (known) return known;
    const count = this.figures.length;
    const badges: SubjectComparison['badges'] = {};
    for (const [name, holders] of this.holders)
      setOwn(
        badges,
        name,
        Object.freeze({
          held: held.has(name),
          holders,
          rarity: count === 0 ? 0 : (100 * holders) / count,
        }),
      );
    this.badgeRecords.set(held, Object.freeze(badges));
    return badges;
  }
}
