import { formatDuration } from '../../definitions/index.js';
import { age } from '../state/describe.js';
import { lookup } from '../state/compare.js';
import type { CompiledJourney } from './compile-journey.js';
import type { EntryHistory } from './entry-history.js';
import { evaluateRule } from './evaluate-rule.js';
import { stableId } from './hash-unit.js';
import { isHeldOut } from './holdout.js';
import { triggerMatches } from './match-occurrence.js';
import type { Occurrence, UserSnapshot } from './types.js';

export interface EntryInput {
  journey: CompiledJourney;
  occurrence: Occurrence;
  user: UserSnapshot;
  /** The user's past runs of this journey. */
  history: EntryHistory;
  now: number;
}

export type EntryRefusal =
  | 'not_triggered'
  | 'draft'
  | 'disabled'
  | 'imported'
  | 'too_old'
  | 'not_a_member'
  | 'once'
  | 'cooldown'
  | 'live_run'
  | 'audience';

export type EntryDecision =
  | { enter: true; runId: string; heldOut: boolean }
  | { enter: false; reason: EntryRefusal; detail: string };

/**
 * Whether an occurrence starts a run of a journey for this user. Pure: the same inputs always
 * give the same answer, and the run id is derived from user, journey and occurrence, so a
 * replayed occurrence yields the same id (a unique index then refuses the duplicate).
 *
 * In order: the trigger must match; drafts and disabled journeys start nothing; imported
 * occurrences and those older than the max event age start nothing; an account trigger's member
 * filter; the entry policy (once, cooldown since the last entry); one live run at a time unless
 * `concurrent`; and the audience rule, evaluated at `now`.
 */
export function decideEntry({
  journey,
  occurrence,
  user,
  history,
  now,
}: EntryInput): EntryDecision {
  const definition = journey.definition;
  const refuse = (reason: EntryRefusal, detail: string): EntryDecision => ({
    enter: false,
    reason,
    detail,
  });
  if (!triggerMatches(journey.id, definition.trigger, occurrence))
    return refuse('not_triggered', `${occurrence.name} is not this journey's trigger`);
  if (definition.draft) return refuse('draft', 'the journey is a draft');
  if (!definition.enabled) return refuse('disabled', 'the journey is disabled');
  if (occurrence.imported) return refuse('imported', 'imported events never start journeys');
  const maxAge = definition.max_event_age ?? user.definitions.definitions.delivery.max_event_age;
  if (now - occurrence.timestamp > maxAge)
    return refuse(
      'too_old',
      `happened ${age(now - occurrence.timestamp)} ago (max ${formatDuration(maxAge)})`,
    );
  const trigger = definition.trigger;
  if ('account' in trigger && trigger.members !== 'all') {
    const role = lookup(user.profile.traits, trigger.members.trait);
    if (typeof role !== 'string' || !trigger.members.in.includes(role))
      return refuse(
        'not_a_member',
        `${trigger.members.trait} is ${JSON.stringify(role ?? null)}, not one of ${trigger.members.in.join(', ')}`,
      );
  }
  const entry = definition.entry;
  if (entry.kind === 'once' && history.entered > 0)
    return refuse('once', 'entered before (entry: once)');
  if (
    entry.kind === 'cooldown' &&
    history.lastEnteredAt !== null &&
    now - history.lastEnteredAt < entry.cooldown
  )
    return refuse(
      'cooldown',
      `entered ${age(now - history.lastEnteredAt)} ago (cooldown ${formatDuration(entry.cooldown)})`,
    );
  if (!definition.concurrent && history.active > 0)
    return refuse('live_run', 'a run of this journey is still active');
  if (definition.audience && !evaluateRule(definition.audience, user, now).value)
    return refuse('audience', 'the audience rule does not hold');
  const userId = user.profile.id;
  return {
    enter: true,
    runId: stableId('run', userId, journey.id, occurrence.key),
    heldOut: isHeldOut(userId, journey.id, definition.holdout),
  };
}
