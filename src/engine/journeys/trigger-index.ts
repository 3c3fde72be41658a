import type { Priority } from '../../definitions/index.js';
import type { LoadedDefinitions } from '../../definitions/parse-definitions.js';
import { compiledJourneys, type CompiledJourney } from './compile-journey.js';
import { triggerName } from './match-occurrence.js';

/** Per occurrence name, the journeys whose trigger listens to it. */
interface TriggerIndex {
  /** Triggers on the user's own occurrences. */
  user: Map<string, CompiledJourney[]>;
  /** Account triggers, on what happened to one of the user's accounts. */
  account: Map<string, CompiledJourney[]>;
}

const RANK: Record<Priority, number> = { high: 0, normal: 1, low: 2 };
const NONE: readonly CompiledJourney[] = [];
const indexes = new WeakMap<LoadedDefinitions, TriggerIndex>();

/**
 * The journeys an occurrence named `name` may start, most important first (file order within a
 * priority): every occurrence of every event meets this question, and a workspace has dozens of
 * journeys of which one or two listen to any given name. Built once per definitions load.
 */
export function journeysListeningTo(
  definitions: LoadedDefinitions,
  name: string,
  account: boolean,
): readonly CompiledJourney[] {
  let index = indexes.get(definitions);
  if (!index) {
    index = buildIndex(definitions);
    indexes.set(definitions, index);
  }
  return (account ? index.account : index.user).get(name) ?? NONE;
}

function buildIndex(definitions: LoadedDefinitions): TriggerIndex {
  const index: TriggerIndex = { user: new Map(), account: new Map() };
  const journeys = [...compiledJourneys(definitions).values()].sort(
    (a, b) => RANK[a.definition.priority] - RANK[b.definition.priority],
  );
  for (const journey of journeys) {
    const trigger = journey.definition.trigger;
    const account = 'account' in trigger;
    const name = triggerName(account ? trigger.account : trigger);
    if (name === null) continue;
    const byName = account ? index.account : index.user;
    byName.set(name, [...(byName.get(name) ?? []), journey]);
  }
  return index;
}
