import { FakeClock } from '../../src/core/clock.js';
import type { Account, IncomingEvent, JsonObject, Profile } from '../../src/core/types.js';
import { parseDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { foldEventIntoAccount, foldEventIntoProfile } from '../../src/engine/profile/fold-event.js';
import { newAccount, newProfile } from '../../src/engine/profile/new-profile.js';
import { applyState, type StateChange, type UserState } from '../../src/engine/state/index.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export function definitions(yaml: string): LoadedDefinitions {
  return parseDefinitions(yaml, 'test.yaml');
}

interface Options {
  /** The event's own time, when it is not now (late or imported events). */
  at?: number;
  groupId?: string;
}

/**
 * One user driven through the real profile fold and the state engine with a fake clock, as the
 * runtime would: events are folded then applied; `runTimers` fires the durable timer at each
 * `nextCheckAt` as the clock passes it, with no event.
 */
export class UserSimulator {
  readonly clock = new FakeClock(START);
  profile: Profile;
  readonly accounts = new Map<string, Account>();
  /** Every change so far, in order. */
  readonly changes: StateChange[] = [];
  /** When each timer fired (a tick). */
  readonly ticks: number[] = [];
  private sequence = 0;

  constructor(
    public defs: LoadedDefinitions,
    id = 'user-1',
  ) {
    this.profile = newProfile(id, this.clock.now());
  }

  get state(): UserState {
    return this.profile.state as unknown as UserState;
  }

  get nextCheckAt(): number | null {
    return this.state.nextCheckAt ?? null;
  }

  track(event: string, properties: JsonObject = {}, options: Options = {}): StateChange[] {
    return this.send({ type: 'track', event, properties }, options);
  }

  page(name: string, options: Options = {}): StateChange[] {
    return this.send({ type: 'page', event: name }, options);
  }

  identify(traits: JsonObject, options: Options = {}): StateChange[] {
    return this.send({ type: 'identify', traits }, options);
  }

  group(accountId: string, traits: JsonObject = {}): StateChange[] {
    return this.send({ type: 'group', traits, groupId: accountId }, {});
  }

  /** A time check with no event, as the durable timer runs it. */
  tick(): StateChange[] {
    this.ticks.push(this.clock.now());
    return this.apply(null);
  }

  /** Moves the clock to `until`, firing every timer that falls due on the way. */
  runTimers(until: number): StateChange[] {
    const fired: StateChange[] = [];
    for (let next = this.nextCheckAt; next !== null && next <= until; next = this.nextCheckAt) {
      this.clock.set(next);
      fired.push(...this.tick());
    }
    this.clock.set(until);
    return fired;
  }

  /** Advances by `ms`, firing due timers. */
  advance(ms: number): StateChange[] {
    return this.runTimers(this.clock.now() + ms);
  }

  private send(partial: Partial<IncomingEvent>, options: Options): StateChange[] {
    const now = this.clock.now();
    const event: IncomingEvent = {
      messageId: `m-${++this.sequence}`,
      type: 'track',
      event: null,
      userId: this.profile.userId,
      anonymousId: null,
      groupId: options.groupId ?? null,
      previousId: null,
      timestamp: options.at ?? now,
      originalTimestamp: null,
      sentAt: null,
      receivedAt: now,
      properties: {},
      traits: {},
      context: {},
      source: 'api',
      ...partial,
    };
    foldEventIntoProfile(this.profile, event);
    if (event.groupId) {
      const account = this.accounts.get(event.groupId) ?? newAccount(event.groupId, now);
      foldEventIntoAccount(account, event);
      this.accounts.set(account.id, account);
    }
    return this.apply(event);
  }

  private apply(event: IncomingEvent | null): StateChange[] {
    const accounts = this.profile.accounts.map((id) => this.accounts.get(id)!).filter(Boolean);
    const result = applyState({
      definitions: this.defs,
      profile: this.profile,
      accounts,
      event,
      now: this.clock.now(),
    });
    this.profile.state = result.state as unknown as JsonObject;
    for (const [id, state] of Object.entries(result.accountStates)) {
      this.accounts.get(id)!.state = state as unknown as JsonObject;
    }
    this.changes.push(...result.changes);
    return result.changes;
  }
}

/** The changes with this name. */
export function named<N extends StateChange['name']>(
  changes: StateChange[],
  name: N,
): Extract<StateChange, { name: N }>[] {
  return changes.filter(
    (change): change is Extract<StateChange, { name: N }> => change.name === name,
  );
}
