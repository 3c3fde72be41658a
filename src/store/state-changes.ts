import type { SegmentMemberChange } from './store.js';

/**
 * Bulk writes of derived state take lists of changes in order; applying only the last change
 * per row gives the same result, and lets one statement set some rows and delete others
 * without touching a row twice.
 */
export function lastTimers(timers: { profileId: string; dueAt: number | null }[]): {
  set: { profileId: string; dueAt: number }[];
  cleared: string[];
} {
  const last = new Map<string, number | null>();
  for (const t of timers) last.set(t.profileId, t.dueAt);
  const set: { profileId: string; dueAt: number }[] = [];
  const cleared: string[] = [];
  for (const [profileId, dueAt] of last) {
    if (dueAt === null) cleared.push(profileId);
    else set.push({ profileId, dueAt });
  }
  return { set, cleared };
}

export function lastSegmentChanges(changes: SegmentMemberChange[]): SegmentMemberChange[] {
  if (changes.length < 2) return changes;
  const last = new Map<string, SegmentMemberChange>();
  // Segment ids and profile ids are both free text: a JSON pair is an unambiguous key.
  for (const c of changes) last.set(JSON.stringify([c.segment, c.profileId]), c);
  return [...last.values()];
}
