import type { JsonObject } from '../../core/types.js';
import { CohortKeys, cohortKey, cohortTraits } from './cohort-key.js';

/** One subject measured for a comparison: its cohort traits and its value in the period. */
export interface PeerSubject {
  id: string;
  traits: JsonObject;
  value: number;
}

/**
 * A subject compared with its peers. Peers are the other subjects of its cohort (itself never
 * counts). `percentile` is the share of peers strictly below the subject's value plus half the
 * peers tied with it, in percent: with values 1, 2, 2, 3 as peers, a subject at 2 is at
 * (1 + 2/2) / 4 = 50 %. `top` is 100 − percentile ("you are in the top 10 %").
 */
export interface PeerComparison {
  value: number;
  peers: number;
  /** Mean of the peers' values. */
  average: number;
  /** (value − average) / average in percent; null when the average is 0. */
  difference: number | null;
  below: number;
  ties: number;
  percentile: number;
  top: number;
  /** The cohort used and how many traits were dropped to reach the minimum size. */
  cohort: Record<string, unknown>;
  widened: number;
}

interface Group {
  /** Values ascending. */
  sorted: Float64Array;
  sum: number;
  /**
   * The cohort's traits, made on its first answer and shared (frozen) by its later ones: every
   * subject of a group has the same values of the group's traits (the key is made of them).
   */
  cohort: Readonly<Record<string, unknown>> | null;
  /**
   * The answers given so far for a subject of the group, by value: subjects with the same value
   * in the same group get the same comparison (values repeat: counts are small whole numbers),
   * so it is computed once and shared (frozen).
   */
  answers: Map<number, Readonly<PeerComparison>>;
}

/**
 * Every subject's cohort at every widening depth, each with its values sorted, so that one
 * comparison costs two binary searches: built once per report run, answered per recipient.
 * No comparison is ever made with fewer than `minSize` peers: a cohort too small widens by
 * dropping its last trait, down to everyone, and below that there is no answer. Each subject's
 * groups are found when the index is built, so `compare` builds no cohort key. The subjects are
 * kept in columns by position (a report run indexes 100,000 of them six times), and subjects
 * with the same cohort traits share one list of groups.
 */
export class PeerIndex {
  private readonly groups: Map<string, Group>[];
  /** By position, in the order given. */
  private readonly ids: string[] = [];
  private readonly values: number[] = [];
  private readonly traits: JsonObject[] = [];
  /** Each subject's group at every depth (index = depth), shared by subjects of one cohort. */
  private readonly groupsOf: Group[][] = [];
  /** Positions by id, made on the first `compare` by id. */
  private byId: Map<string, number> | null = null;

  constructor(
    subjects: Iterable<PeerSubject>,
    private readonly keys: readonly string[],
    private readonly minSize: number,
    /** Keys made for the same cohort traits, shared with the run's other indexes. */
    cohorts: CohortKeys = new CohortKeys(keys),
  ) {
    const lists: Map<string, number[]>[] = keys.map(() => new Map()).concat([new Map()]);
    const keysOf: (readonly string[])[] = [];
    for (const subject of subjects) {
      const subjectKeys = cohorts.of(subject.traits);
      for (let depth = 0; depth <= keys.length; depth++) {
        const key = subjectKeys[depth]!;
        const list = lists[depth]!.get(key);
        if (list) list.push(subject.value);
        else lists[depth]!.set(key, [subject.value]);
      }
      this.ids.push(subject.id);
      this.values.push(subject.value);
      this.traits.push(subject.traits);
      keysOf.push(subjectKeys);
    }
    this.groups = lists.map((byKey) => {
      const groups = new Map<string, Group>();
      for (const [key, values] of byKey) {
        const sorted = Float64Array.from(values).sort();
        let sum = 0;
        for (const value of values) sum += value;
        groups.set(key, { sorted, sum, cohort: null, answers: new Map() });
      }
      return groups;
    });
    // The same cohort keys (one array per traits object) find the same groups.
    const found = new Map<readonly string[], Group[]>();
    for (const subjectKeys of keysOf) {
      let groups = found.get(subjectKeys);
      if (groups === undefined) {
        groups = subjectKeys.map((key, depth) => this.groups[depth]!.get(key)!);
        found.set(subjectKeys, groups);
      }
      this.groupsOf.push(groups);
    }
  }

  /** The subject (as indexed) compared with its peers, or null when there are too few. */
  compare(id: string): PeerComparison | null {
    if (this.byId === null) {
      // A later subject with the same id replaces an earlier one, as before.
      this.byId = new Map();
      this.ids.forEach((id, position) => this.byId!.set(id, position));
    }
    const position = this.byId.get(id);
    return position === undefined ? null : this.compareAt(position);
  }

  /**
   * The subject at `position` in the order the index was built from, compared with its peers:
   * for callers holding several indexes built from the same list of subjects, one lookup by id
   * serves them all. Null out of range, or with too few peers.
   */
  compareAt(position: number): PeerComparison | null {
    const groups = this.groupsOf[position];
    if (groups === undefined) return null;
    const value = this.values[position]!;
    for (let depth = this.keys.length; depth >= 0; depth--) {
      const group = groups[depth]!;
      if (group.sorted.length - 1 < this.minSize) continue;
      const known = group.answers.get(value);
      if (known) return known;
      group.cohort ??= Object.freeze(cohortTraits(this.traits[position]!, this.keys, depth));
      const answer = Object.freeze(this.answer(group, value, true, group.cohort, depth));
      group.answers.set(value, answer);
      return answer;
    }
    return null;
  }

  /**
   * A value compared with the peers of a cohort. `counted`: the value is one of the indexed
   * subjects', and is taken out of its own peers.
   */
  compareValue(traits: JsonObject, value: number, counted: boolean): PeerComparison | null {
    for (let depth = this.keys.length; depth >= 0; depth--) {
      const group = this.groups[depth]!.get(cohortKey(traits, this.keys, depth));
      if (!group) continue;
      if (group.sorted.length - (counted ? 1 : 0) < this.minSize) continue;
      return this.answer(group, value, counted, cohortTraits(traits, this.keys, depth), depth);
    }
    return null;
  }

  private answer(
    group: Group,
    value: number,
    counted: boolean,
    cohort: Record<string, unknown>,
    depth: number,
  ): PeerComparison {
    const self = counted ? 1 : 0;
    const peers = group.sorted.length - self;
    const below = lowerBound(group.sorted, value);
    const ties = upperBound(group.sorted, value) - below - self;
    const average = (group.sum - (counted ? value : 0)) / peers;
    const percentile = (100 * (below + ties / 2)) / peers;
    return {
      value,
      peers,
      average,
      difference: average === 0 ? null : (100 * (value - average)) / average,
      below,
      ties,
      percentile,
      top: 100 - percentile,
      cohort,
      widened: this.keys.length - depth,
    };
  }
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
