import type { IncomingEvent, Profile } from '../../core/types.js';
import { counterName } from '../profile/counter-name.js';
import { INPUT } from './owner-inputs.js';
import type { SeenProfile, UserState } from './user-state.js';

/** What changed since the previous run, as far as rule inputs go. */
export interface InputChanges {
  /** The counter the event added to (internal events included, as the fold counts them). */
  counter: string | null;
  /** Counters moved other than by the event (an identity merge): any counter may differ. */
  allCounters: boolean;
  /** INPUT flags of what changed; the steps add theirs (activation, score, signup). */
  flags: number;
}

/**
 * What the profile shows now, and what changed since `previous` saw it. The fold adds one to
 * the counters' total per counted event; any other difference comes from elsewhere (an identity
 * merge), and then every rule reading it runs. Traits change with identify calls, merges (which
 * only add traits, so their number shows it) and journey `update` steps, after which the runtime
 * runs a tick: on identify calls and ticks every rule reading traits runs.
 */
export function inputChanges(
  profile: Profile,
  given: IncomingEvent | null,
  previous: UserState,
): { seen: SeenProfile; inputs: InputChanges } {
  let events = 0;
  for (const name in profile.counters) events += profile.counters[name]!.count;
  let traits = 0;
  for (const _ in profile.traits) traits++;
  const days = profile.activeDays.length;
  const { lastSeen } = profile;
  const before = previous.seen;
  const counter = given ? counterName(given) : null;
  if (!before) return { seen: { events, traits, days, lastSeen }, inputs: everything(counter) };
  const seen =
    before.events === events &&
    before.traits === traits &&
    before.days === days &&
    before.lastSeen === lastSeen
      ? before
      : { events, traits, days, lastSeen };
  let flags = INPUT.accounts;
  const traitsMoved = !given || given.type === 'identify' || traits !== before.traits;
  if (traitsMoved) flags |= INPUT.traits | INPUT.activeDays;
  if (days !== before.days) flags |= INPUT.activeDays;
  if (lastSeen !== before.lastSeen) flags |= INPUT.lastSeen;
  const allCounters = events !== before.events + (counter === null ? 0 : 1);
  return { seen, inputs: { counter, allCounters, flags } };
}

function everything(counter: string | null): InputChanges {
  return { counter, allCounters: true, flags: ~0 };
}
