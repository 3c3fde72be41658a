import type { Definitions } from '../definitions/index.js';
import type { PeriodKind } from '../definitions/gamification/periods.js';
import { cohortKey, cohortTraits } from '../engine/gamification/cohort-key.js';
import type { Subject } from '../gamification/load-subjects.js';
import { SubjectFigures } from '../gamification/subject-figures.js';

export interface LeaderboardEntry {
  /** Competition ranking: equal values share a rank (1, 2, 2, 4). */
  rank: number;
  /** The owner's own entry says "you"; the others are anonymized (`Peer <rank>`). */
  name: string;
  value: number;
  you: boolean;
}

export interface Leaderboard {
  metric: string;
  cohort: Record<string, unknown>;
  widened: number;
  /** Subjects in the cohort, the owner included. */
  size: number;
  entries: LeaderboardEntry[];
}

/**
 * Rankings of one metric within peer cohorts, for a period. The cohort is the one peers use
 * (widened the same way until it holds peers.min_size others), so a leaderboard never shows a
 * smaller group than a comparison would. Built lazily per metric; each cohort sorted once.
 */
export class Leaderboards {
  private readonly byMetric = new Map<string, Map<string, { id: string; value: number }[]>>();
  private readonly figures: SubjectFigures;

  constructor(
    private readonly definitions: Definitions,
    kind: PeriodKind,
    period: number,
    subjects: Iterable<Subject> | SubjectFigures,
  ) {
    // The unit only chooses which badges the figures count; a ranking reads none.
    this.figures =
      subjects instanceof SubjectFigures
        ? subjects
        : SubjectFigures.of(definitions, 'user', kind, period, subjects);
  }

  /** The top `size` of the owner's cohort, with the owner's entry added when below them. */
  of(ownerId: string, metric: string, size: number): Leaderboard | null {
    const peers = this.definitions.peers;
    const position = this.figures.position(ownerId);
    if (!peers || position === undefined) return null;
    const traits = this.figures.traits[position]!;
    const groups = this.groups(metric);
    for (let depth = peers.cohort.length; depth >= 0; depth--) {
      const group = groups.get(`${depth}:${cohortKey(traits, peers.cohort, depth)}`);
      if (!group || group.length - 1 < peers.min_size) continue;
      const entries: LeaderboardEntry[] = [];
      let rank = 0;
      group.forEach((entry, index) => {
        if (index === 0 || entry.value !== group[index - 1]!.value) rank = index + 1;
        const you = entry.id === ownerId;
        if (index < size || you)
          entries.push({ rank, name: you ? 'You' : `Peer ${index + 1}`, value: entry.value, you });
      });
      return {
        metric,
        cohort: cohortTraits(traits, peers.cohort, depth),
        widened: peers.cohort.length - depth,
        size: group.length,
        entries,
      };
    }
    return null;
  }

  private groups(metric: string): Map<string, { id: string; value: number }[]> {
    let groups = this.byMetric.get(metric);
    if (groups) return groups;
    groups = new Map();
    const keys = this.definitions.peers?.cohort ?? [];
    const { ids, traits } = this.figures;
    ids.forEach((id, position) => {
      const value = this.figures.value(position, metric);
      for (let depth = 0; depth <= keys.length; depth++) {
        const key = `${depth}:${cohortKey(traits[position]!, keys, depth)}`;
        const list = groups.get(key);
        if (list) list.push({ id, value });
        else groups.set(key, [{ id, value }]);
      }
    });
    // Highest first; equal values in id order, so a ranking is the same on every read.
    for (const list of groups.values())
      list.sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.byMetric.set(metric, groups);
    return groups;
  }
}
