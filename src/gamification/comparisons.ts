import type { Definitions } from '../definitions/index.js';
import type { PeriodKind, Unit } from '../definitions/gamification/periods.js';
import { own } from '../engine/gamification/game-state.js';
import { periodLabel } from '../engine/gamification/local-periods.js';
import { valueIn } from '../engine/gamification/metric-buckets.js';
import { CohortKeys } from '../engine/gamification/cohort-key.js';
import { PeerIndex, type PeerComparison } from '../engine/gamification/peer-index.js';
import {
  RecommendationIndex,
  type RankedRecommendation,
} from '../engine/gamification/recommendation-index.js';
import { timeSaved, type TimeSaved } from '../engine/gamification/roi.js';
import { setOwn } from '../core/own-key.js';
import type { RecommendationDefinition } from '../definitions/gamification/recommendations.js';
import type { Subject } from './load-subjects.js';

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
 * are built once from all subjects; `answer` is then a few lookups per subject.
 */
export class Comparisons {
  /** Each subject with its position in the list every index was built from. */
  private readonly byId = new Map<string, [Subject, number]>();
  private readonly metricIndexes = new Map<string, PeerIndex>();
  private readonly savedIndex: PeerIndex | null;
  private readonly recommendations: RecommendationIndex | null;
  private readonly holders = new Map<string, number>();
  private readonly subjects: number;
  /** The definitions' metric names and recommendations, listed once for every answer. */
  private readonly metricNames: string[];
  private readonly recommendationList: [string, RecommendationDefinition][];
  /** The period's first day, as every answer names it. */
  private readonly start: string;
  /** Each subject's adopted recommendations, by position (made once for the index and answers). */
  private readonly adopted: Set<string>[];
  /**
   * The badges record of an answer, by which of the unit's badges the subject holds ('1' or '0'
   * each, in order): subjects holding the same badges share one (frozen) record.
   */
  private readonly badgeRecords = new Map<string, SubjectComparison['badges']>();

  constructor(
    private readonly definitions: Definitions,
    private readonly unit: Unit,
    private readonly kind: PeriodKind,
    private readonly period: number,
    subjects: Subject[],
  ) {
    subjects.forEach((subject, position) => this.byId.set(subject.id, [subject, position]));
    this.subjects = subjects.length;
    this.metricNames = Object.keys(definitions.metrics);
    this.recommendationList = Object.entries(definitions.recommendations);
    this.start = periodLabel(period, kind);
    for (const [name, badge] of Object.entries(definitions.badges)) {
      if (badge.for !== unit) continue;
      let count = 0;
      for (const subject of subjects) if (subject.game && own(subject.game.badges, name)) count++;
      this.holders.set(name, count);
    }
    const peers = definitions.peers;
    const roi = definitions.roi;
    // Each subject's time saved in the period, for its peer index and the recommendations.
    const minutes = subjects.map((s) => (roi ? timeSaved(s.game, roi, kind, period).minutes : 0));
    // Each subject's cohort keys, made once for every index below.
    const cohorts = new CohortKeys(peers?.cohort ?? []);
    if (peers) {
      for (const metric of Object.keys(definitions.metrics))
        this.metricIndexes.set(
          metric,
          new PeerIndex(
            subjects.map((s) => ({
              id: s.id,
              traits: s.traits,
              value: this.valueOf(s, metric, period),
            })),
            peers.cohort,
            peers.min_size,
            cohorts,
          ),
        );
    }
    this.savedIndex =
      peers && roi
        ? new PeerIndex(
            subjects.map((s, i) => ({ id: s.id, traits: s.traits, value: minutes[i]! })),
            peers.cohort,
            peers.min_size,
            cohorts,
          )
        : null;
    const recommendations = this.recommendationList;
    this.adopted = subjects.map((s) => adoptedBy(s, recommendations));
    this.recommendations = recommendations.length
      ? new RecommendationIndex(
          subjects.map((s, i) => ({
            id: s.id,
            traits: s.traits,
            // Each recommendation's impact period is its own; the common one is the report's.
            minutes: minutes[i]!,
            adopted: this.adopted[i]!,
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
    const found = this.byId.get(id);
    if (!found) return null;
    const [subject, position] = found;
    const metrics: Record<string, MetricComparison> = Object.create(null) as Record<
      string,
      MetricComparison
    >;
    for (const metric of this.metricNames) {
      const value = this.valueOf(subject, metric, this.period);
      const previous = this.valueOf(subject, metric, this.period - 1);
      metrics[metric] = {
        value,
        previous,
        change: previous === 0 ? null : (100 * (value - previous)) / previous,
        peers: this.metricIndexes.get(metric)?.compareAt(position) ?? null,
      };
    }
    const roi = this.definitions.roi;
    // Computed once for the answer and the recommendations' ranking (pure).
    const saved = roi ? timeSaved(subject.game, roi, this.kind, this.period) : null;
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
      badges: this.badgesOf(subject),
      recommendations: this.recommendations
        ? this.recommendations.rank(
            {
              id,
              traits: subject.traits,
              minutes: saved ? saved.minutes : 0,
              adopted: this.adopted[position]!,
            },
            limit,
          )
        : [],
    };
  }

  /** Every badge of the unit: whether the subject holds it, its holders and rarity. */
  private badgesOf(subject: Subject): SubjectComparison['badges'] {
    let held = '';
    for (const name of this.holders.keys())
      held += subject.game !== null && own(subject.game.badges, name) !== undefined ? '1' : '0';
    const known = this.badgeRecords.get(held);
    if (known) return known;
    const badges: SubjectComparison['badges'] = {};
    let i = 0;
    for (const [name, holders] of this.holders)
      setOwn(
        badges,
        name,
        Object.freeze({
          held: held[i++] === '1',
          holders,
          rarity: this.subjects === 0 ? 0 : (100 * holders) / this.subjects,
        }),
      );
    this.badgeRecords.set(held, Object.freeze(badges));
    return badges;
  }

  private valueOf(subject: Subject, metric: string, period: number): number {
    return subject.game ? valueIn(own(subject.game.metrics, metric), this.kind, period) : 0;
  }
}

function adoptedBy(
  subject: Subject,
  recommendations: [string, { adopted: string }][],
): Set<string> {
  const adopted = new Set<string>();
  for (const [name, { adopted: milestone }] of recommendations)
    if (subject.milestones.has(milestone)) adopted.add(name);
  return adopted;
}
