import type { JsonObject } from '../../core/types.js';
import type { RecommendationDefinition } from '../../definitions/gamification/recommendations.js';
import { CohortKeys } from './cohort-key.js';

/** One subject as recommendations see it: cohort traits, time saved in the period, adoption. */
export interface AdoptionSubject {
  id: string;
  traits: JsonObject;
  /** Minutes saved in the recommendations' period (roi). */
  minutes: number;
  /** Recommendation names the subject has adopted. */
  adopted: ReadonlySet<string>;
}

export interface RankedRecommendation {
  name: string;
  title: string;
  link: string | null;
  /** Minutes saved per period that adopting is worth. */
  impact: number;
  source: 'measured' | 'declared';
  /** The peer evidence behind a measured impact. */
  evidence: {
    adopters: number;
    nonAdopters: number;
    adopterMinutes: number;
    nonAdopterMinutes: number;
    /** Share of the cohort that adopted, in percent. */
    adoptionRate: number;
    widened: number;
  } | null;
}

interface Sums {
  adopters: number;
  adopterMinutes: number;
  others: number;
  otherMinutes: number;
}

/**
 * Impacts measured from peers: in the subject's cohort (widened like comparisons until both
 * adopters and non-adopters number at least `minSize`, the subject left out), the mean time
 * saved by adopters minus that of non-adopters. A recommendation with no such cohort falls back
 * to its declared impact, or is left out; one the subject adopted, or with no positive impact,
 * is never shown. Sums per cohort are built once per report run.
 */
export class RecommendationIndex {
  private readonly sums: Map<string, Sums>[][];

  constructor(
    subjects: Iterable<AdoptionSubject>,
    private readonly recommendations: readonly [string, RecommendationDefinition][],
    private readonly keys: readonly string[],
    private readonly minSize: number,
    /** Keys made for the same cohort traits, shared with the run's other indexes. */
    private readonly cohorts: CohortKeys = new CohortKeys(keys),
  ) {
    this.sums = recommendations.map(() => keys.map(() => new Map()).concat([new Map()]));
    for (const subject of subjects) {
      const subjectKeys = cohorts.of(subject.traits);
      recommendations.forEach(([name], r) => {
        const adopted = subject.adopted.has(name);
        for (let depth = 0; depth <= keys.length; depth++) {
          const key = subjectKeys[depth]!;
          const byKey = this.sums[r]![depth]!;
          let sums = byKey.get(key);
          if (!sums)
            byKey.set(key, (sums = { adopters: 0, adopterMinutes: 0, others: 0, otherMinutes: 0 }));
          if (adopted) {
            sums.adopters++;
            sums.adopterMinutes += subject.minutes;
          } else {
            sums.others++;
            sums.otherMinutes += subject.minutes;
          }
        }
      });
    }
  }

  /**
   * The recommendations for a subject, largest impact first, at most `limit`. `counted`: the
   * subject is one of those indexed (taken out of its own cohort's figures).
   */
  rank(subject: AdoptionSubject, limit = 2, counted = true): RankedRecommendation[] {
    const out: RankedRecommendation[] = [];
    this.recommendations.forEach(([name, definition], r) => {
      if (subject.adopted.has(name)) return;
      const measured = definition.impact.measured ? this.measure(subject, r, counted) : null;
      const impact = measured?.impact ?? definition.impact.declared_minutes ?? null;
      if (impact === null || !(impact > 0)) return;
      out.push({
        name,
        title: definition.title,
        link: definition.link ?? null,
        impact,
        source: measured ? 'measured' : 'declared',
        evidence: measured?.evidence ?? null,
      });
    });
    out.sort((a, b) => b.impact - a.impact || (a.name < b.name ? -1 : 1));
    return out.slice(0, limit);
  }

  private measure(subject: AdoptionSubject, r: number, counted: boolean) {
    const subjectKeys = this.cohorts.of(subject.traits);
    for (let depth = this.keys.length; depth >= 0; depth--) {
      const sums = this.sums[r]![depth]!.get(subjectKeys[depth]!);
      if (!sums) continue;
      // The subject has not adopted (else nothing is recommended): it is one of the others.
      const others = sums.others - (counted ? 1 : 0);
      const otherMinutes = sums.otherMinutes - (counted ? subject.minutes : 0);
      if (sums.adopters < this.minSize || others < this.minSize) continue;
      const adopterMean = sums.adopterMinutes / sums.adopters;
      const otherMean = otherMinutes / others;
      return {
        impact: adopterMean - otherMean,
        evidence: {
          adopters: sums.adopters,
          nonAdopters: others,
          adopterMinutes: adopterMean,
          nonAdopterMinutes: otherMean,
          adoptionRate: (100 * sums.adopters) / (sums.adopters + others),
          widened: this.keys.length - depth,
        },
      };
    }
    return null;
  }
}
