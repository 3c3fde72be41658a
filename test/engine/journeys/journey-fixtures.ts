import { FakeClock } from '../../../src/core/clock.js';
import type { IncomingEvent, JsonObject } from '../../../src/core/types.js';
import { parseDefinitions, type LoadedDefinitions } from '../../../src/definitions/index.js';
import {
  advanceRun,
  compiledJourneys,
  decideEntry,
  eventOccurrence,
  NEVER_ENTERED,
  startRun,
  stateChangeOccurrence,
  type CompiledJourney,
  type JourneyCommand,
  type JourneyRun,
  type Occurrence,
  type UserSnapshot,
} from '../../../src/engine/journeys/index.js';
import { foldEventIntoProfile } from '../../../src/engine/profile/fold-event.js';
import { newProfile } from '../../../src/engine/profile/new-profile.js';
import { applyState, type StateChange } from '../../../src/engine/state/index.js';
import { anEvent } from '../../support/events.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Monday 5 January 2026, 09:00 UTC. */
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export function load(yaml: string): LoadedDefinitions {
  return parseDefinitions(yaml, 'test.yaml');
}

/**
 * One user and one journey run, driven by hand with a fake clock: events are folded and applied
 * to the state engine like the runtime does, and the run is moved by `start`, `occur`, `timer`.
 */
export class RunHarness {
  readonly clock = new FakeClock(START);
  readonly user: UserSnapshot;
  readonly journey: CompiledJourney;
  run: JourneyRun | null = null;
  readonly commands: JourneyCommand[] = [];
  private seq = 0;

  constructor(
    readonly definitions: LoadedDefinitions,
    journeyId: string,
    userId = 'user-1',
  ) {
    this.user = { definitions, profile: newProfile(userId, this.clock.now()), accounts: [] };
    this.journey = compiledJourneys(definitions).get(journeyId)!;
  }

  /** Applies an event to the profile and state; returns its occurrences (event, then changes). */
  apply(fields: Partial<IncomingEvent> & Pick<IncomingEvent, 'type'>): Occurrence[] {
    const now = this.clock.now();
    const event = anEvent({
      userId: this.user.profile.id,
      messageId: `m${++this.seq}`,
      timestamp: now,
      ...fields,
    });
    foldEventIntoProfile(this.user.profile, event);
    const changes = this.applyState(event);
    return [eventOccurrence(event), ...changes.map((c) => stateChangeOccurrence(c, event))];
  }

  track(name: string, properties: JsonObject = {}): Occurrence[] {
    return this.apply({ type: 'track', event: name, properties });
  }

  identify(traits: JsonObject): Occurrence[] {
    return this.apply({ type: 'identify', traits });
  }

  /** A state tick at the current time (what the state engine's timer does). */
  tick(): StateChange[] {
    return this.applyState(null);
  }

  /** Enters the run on this occurrence (asserting the entry decision says yes). */
  start(occurrence: Occurrence): JourneyRun {
    const decision = decideEntry({
      journey: this.journey,
      occurrence,
      user: this.user,
      history: NEVER_ENTERED,
      now: this.clock.now(),
    });
    if (!decision.enter) throw new Error(`not entered: ${decision.reason} (${decision.detail})`);
    const result = startRun({
      journey: this.journey,
      occurrence,
      runId: decision.runId,
      heldOut: decision.heldOut,
      user: this.user,
      now: this.clock.now(),
    });
    return this.keep(result);
  }

  /** Hands occurrences to the run. */
  occur(...occurrences: Occurrence[]): JourneyRun {
    for (const occurrence of occurrences)
      this.keep(
        advanceRun({
          journey: this.journey,
          run: this.run!,
          input: { kind: 'occurrence', occurrence },
          user: this.user,
          now: this.clock.now(),
        }),
      );
    return this.run!;
  }

  /** Moves the clock to the run's timer and fires it (as the runtime's poller would). */
  fireTimer(): JourneyRun {
    if (this.run?.wakeAt == null) throw new Error('no timer');
    this.clock.set(this.run.wakeAt);
    return this.keep(
      advanceRun({
        journey: this.journey,
        run: this.run,
        input: { kind: 'timer' },
        user: this.user,
        now: this.clock.now(),
      }),
    );
  }

  /** Templates of the send commands so far. */
  sent(): string[] {
    return this.commands.flatMap((c) => (c.op === 'send' ? [c.template] : []));
  }

  ops(): string[] {
    return this.commands.map((c) => c.op);
  }

  private keep(result: { run: JourneyRun; commands: JourneyCommand[] }): JourneyRun {
    this.run = result.run;
    this.commands.push(...result.commands);
    return result.run;
  }

  private applyState(event: IncomingEvent | null): StateChange[] {
    const result = applyState({
      definitions: this.definitions,
      profile: this.user.profile,
      accounts: [],
      event,
      now: this.clock.now(),
    });
    this.user.profile.state = result.state as unknown as JsonObject;
    return result.changes;
  }
}
