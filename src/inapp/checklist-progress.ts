import type { Profile } from '../core/types.js';
import { pickChecklist } from '../definitions/checklist.js';
import type { Definitions } from '../definitions/index.js';
import { readUserState } from '../engine/state/index.js';

export interface ChecklistEntry {
  milestone: string;
  label: string;
  description: string | null;
  link: string | null;
  done: boolean;
  /** When the milestone was reached (epoch ms), or null. */
  doneAt: number | null;
}

export interface ChecklistProgress {
  /** The persona whose list this is; null for the default list (or none). */
  persona: string | null;
  items: ChecklistEntry[];
  /** `percent` is rounded down, so 100 means every item is done; 0 for an empty list. */
  progress: { done: number; total: number; percent: number };
}

/**
 * A user's onboarding checklist as the widget shows it: the list for their persona (see
 * pickChecklist), each item done once its milestone is reached — read from the state the state
 * engine keeps, so the checklist and the journeys never disagree about what the user did. A
 * user Cairn has not seen yet gets the default list with nothing done.
 */
export function checklistProgress(
  definitions: Definitions,
  profile: Profile | null,
): ChecklistProgress {
  const state = profile ? readUserState(profile.state) : null;
  const personas: Record<string, string | null> = {};
  for (const dimension of Object.keys(definitions.personas))
    personas[dimension] = state?.personas[dimension]?.persona ?? null;
  const list = pickChecklist(definitions.checklist, personas);
  const items = (list?.items ?? []).map((item): ChecklistEntry => {
    const doneAt = state?.milestones[item.milestone]?.at ?? null;
    return {
      milestone: item.milestone,
      label: item.label,
      description: item.description ?? null,
      link: item.link ?? null,
      done: doneAt !== null,
      doneAt,
    };
  });
  const done = items.filter((item) => item.done).length;
  const total = items.length;
  return {
    persona: list?.persona ?? null,
    items,
    progress: { done, total, percent: total === 0 ? 0 : Math.floor((done * 100) / total) },
  };
}
