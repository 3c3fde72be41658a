import { topicNames, type Definitions } from '../definitions/index.js';
import type { CheckOptions } from './check-template.js';
import type { TemplateVocabulary } from './render-context-shape.js';

/** Keys of cairn.yaml whose values are event names (a string or a list of them). */
const EVENT_KEYS = new Set(['event', 'performed', 'first_performed', 'last_performed']);

/**
 * What a workspace's templates may refer to, read from its definitions: its milestones, qualifier
 * questions, persona dimensions and persona names, the events it names (for `user.counters["Report Created"]`) and
 * its subscription topics. Traits and event properties are not declared in cairn.yaml, so any
 * is accepted there.
 *
 * Counters are limited to the events cairn.yaml names because a misspelt one
 * (`user.counters["Report created"].count | default: 0`) would otherwise print 0 forever.
 */
export function templateVocabulary(
  definitions: Definitions,
): TemplateVocabulary & Required<Pick<CheckOptions, 'personas' | 'topics'>> {
  const events = new Set<string>(Object.keys(definitions.score?.weights ?? {}));
  collectEvents(definitions, events);
  const personas = new Set<string>();
  for (const dimension of Object.values(definitions.personas ?? {}))
    for (const rule of dimension.rules) personas.add(rule.persona);
  return {
    milestones: Object.keys(definitions.milestones ?? {}),
    questions: Object.keys(definitions.qualifier?.questions ?? {}),
    personaDimensions: Object.keys(definitions.personas ?? {}),
    events: events.size > 0 ? [...events].sort() : undefined,
    personas: [...personas],
    // Always checked, also when none is declared: a topic no preference page lists is one the
    // user could not choose about.
    topics: topicNames(definitions),
  };
}

function collectEvents(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectEvents(item, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (EVENT_KEYS.has(key)) {
      for (const name of Array.isArray(child) ? child : [child])
        if (typeof name === 'string') into.add(name);
    } else {
      collectEvents(child, into);
    }
  }
}
