import type { Account, IncomingEvent, JsonObject, Profile } from '../core/types.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import { FULL_CONSENT, type Consent, type RecentSend } from '../engine/delivery/index.js';
import {
  accountOccurrences,
  applyProfileUpdate,
  compiledJourneys,
  entryHistory,
  eventOccurrence,
  handleOccurrence,
  handleTimer,
  isListening,
  nextScheduledAt,
  scheduleOccurrence,
  stateChangeOccurrence,
  traitChangeOccurrences,
  updateOccurrences,
  userTimeZone,
  type EntryHistory,
  type JourneyCommand,
  type JourneyRun,
  type Occurrence,
  type SendCommand,
  type UserSnapshot,
} from '../engine/journeys/index.js';
import { foldEventIntoAccount, foldEventIntoProfile } from '../engine/profile/fold-event.js';
import { newAccount, newProfile } from '../engine/profile/new-profile.js';
import {
  applyState,
  readAccountState,
  readUserState,
  type StateChange,
} from '../engine/state/index.js';
import { reportOccurrence, reportOfJourney } from '../engine/reports/report-occurrence.js';
import { personaVariables } from '../runtime/delivery/message-render-context.js';
import { InMemoryOutbox } from './in-memory-outbox.js';
import { NO_TEMPLATES, type ScenarioTemplates } from './scenario-templates.js';
import type { MessageRecord } from './message-record.js';
import { TimerQueue } from './timer-queue.js';

export interface SimulatedUser {
  profile: Profile;
  runs: Map<string, JourneyRun>;
  consent: Consent;
  recent: RecentSend[];
}

type TimerPayload =
  | { kind: 'state'; userId: string }
  | { kind: 'run'; userId: string; runId: string }
  | { kind: 'delivery'; userId: string; command: SendCommand }
  | { kind: 'schedule'; journeyId: string; zone: string };

/** Updates that trigger journeys that update… stop here (a definitions loop, not a real case). */
const MAX_DEPTH = 5;

/**
 * The runtime's role played in memory, for `cairn test` and tests: events are folded and applied
 * to the state engine, every resulting occurrence goes to the journeys, commands are performed
 * (sends through the delivery policy, recorded instead of delivered), and timers are a sorted
 * list fired as the simulated clock passes them. It only calls the engine's pure functions, in
 * the order the real runtime must: it is the reference for wiring them.
 */
export class InMemoryRuntime {
  readonly users = new Map<string, SimulatedUser>();
  readonly accounts = new Map<string, Account>();
  readonly members = new Map<string, Set<string>>();
  readonly commands: JourneyCommand[] = [];
  readonly outbox = new InMemoryOutbox();
  private readonly timers = new TimerQueue<TimerPayload>();

  constructor(
    readonly definitions: LoadedDefinitions,
    public now: number,
    /** A send step without a topic takes its template's, as in the delivery worker; a message
     * is rendered with the persona variant the user's personas pick at delivery. */
    private readonly templates: ScenarioTemplates = NO_TEMPLATES,
  ) {}

  user(id: string): SimulatedUser {
    let user = this.users.get(id);
    if (!user) {
      user = {
        profile: newProfile(id, this.now),
        runs: new Map(),
        consent: { ...FULL_CONSENT },
        recent: [],
      };
      this.users.set(id, user);
    }
    return user;
  }

  /** Applies one event at `now`: fold, state, then journeys for every occurrence it causes. */
  apply(event: IncomingEvent): void {
    const user = this.user(event.userId!);
    const profile = user.profile;
    const traitsBefore = { ...profile.traits };
    const account = event.groupId ? this.account(event.groupId) : null;
    const accountBefore = account && { traits: { ...account.traits }, state: account.state };
    foldEventIntoProfile(profile, event);
    if (account) {
      foldEventIntoAccount(account, event);
      this.members.get(account.id)!.add(profile.id);
    }
    const changes = this.applyState(user, event);
    const occurrences: Occurrence[] = [
      eventOccurrence(event),
      ...changes.map((change) => stateChangeOccurrence(change, event)),
      ...traitChangeOccurrences(traitsBefore, profile.traits, event),
    ];
    for (const occurrence of occurrences) this.dispatch(user, occurrence, 0);
    if (account && accountBefore) {
      const forMembers = accountOccurrences({
        definitions: this.definitions,
        event,
        accountId: account.id,
        traitsBefore: accountBefore.traits,
        traitsAfter: account.traits,
        stateBefore: readAccountState(accountBefore.state),
        stateAfter: readAccountState(account.state),
        now: this.now,
      });
      for (const occurrence of forMembers)
        for (const member of this.members.get(account.id)!)
          this.dispatch(this.user(member), occurrence, 0);
    }
    this.ensureSchedules(user);
  }

  /** Every message handled so far (sent, held out, deferred, capped, suppressed, notified). */
  get messages(): MessageRecord[] {
    return this.outbox.messages;
  }

  unsubscribe(userId: string, topic: string): void {
    const consent = this.user(userId).consent;
    if (topic === 'all') consent.unsubscribedAll = true;
    else consent.unsubscribedTopics = [...consent.unsubscribedTopics, topic];
  }

  /** Moves the clock to `until`, firing every timer due on the way, in order. */
  advanceTo(until: number): void {
    for (let timer = this.timers.takeDue(until); timer; timer = this.timers.takeDue(until)) {
      this.now = Math.max(this.now, timer.at);
      this.fire(timer.payload);
    }
    this.now = Math.max(this.now, until);
  }

  snapshot(user: SimulatedUser): UserSnapshot {
    const accounts = user.profile.accounts.flatMap((id) => this.accounts.get(id) ?? []);
    return { definitions: this.definitions, profile: user.profile, accounts };
  }

  private account(id: string): Account {
    let account = this.accounts.get(id);
    if (!account) {
      account = newAccount(id, this.now);
      this.accounts.set(id, account);
      this.members.set(id, new Set());
    }
    return account;
  }

  private applyState(user: SimulatedUser, event: IncomingEvent | null): StateChange[] {
    const result = applyState({
      definitions: this.definitions,
      profile: user.profile,
      accounts: this.snapshot(user).accounts,
      event,
      now: this.now,
    });
    user.profile.state = result.state as unknown as JsonObject;
    for (const [id, state] of Object.entries(result.accountStates))
      this.accounts.get(id)!.state = state as unknown as JsonObject;
    this.timers.set(`state:${user.profile.id}`, result.nextCheckAt, {
      kind: 'state',
      userId: user.profile.id,
    });
    return result.changes;
  }

  private dispatch(user: SimulatedUser, occurrence: Occurrence, depth: number): void {
    const runs = [...user.runs.values()].filter((run) => isListening(run, this.now));
    const result = handleOccurrence({
      occurrence,
      user: this.snapshot(user),
      runs,
      history: this.histories(user),
      now: this.now,
    });
    // Run ids are unique (a replayed occurrence derives the same id): a known id is refused.
    const listening = new Set(runs.map((run) => run.id));
    const refused = new Set(
      result.runs.filter((r) => !listening.has(r.id) && user.runs.has(r.id)).map((r) => r.id),
    );
    for (const run of result.runs) if (!refused.has(run.id)) this.storeRun(user, run);
    this.perform(
      user,
      result.commands.filter((c) => !refused.has(c.runId)),
      depth,
    );
  }

  private histories(user: SimulatedUser): Record<string, EntryHistory> {
    const byJourney = new Map<string, JourneyRun[]>();
    for (const run of user.runs.values())
      byJourney.set(run.journeyId, [...(byJourney.get(run.journeyId) ?? []), run]);
    return Object.fromEntries([...byJourney].map(([id, runs]) => [id, entryHistory(runs)]));
  }

  private storeRun(user: SimulatedUser, run: JourneyRun): void {
    user.runs.set(run.id, run);
    this.timers.set(`run:${run.id}`, run.wakeAt, {
      kind: 'run',
      userId: run.userId,
      runId: run.id,
    });
  }

  private perform(user: SimulatedUser, commands: JourneyCommand[], depth: number): void {
    for (const command of commands) {
      this.commands.push(command);
      if (command.op === 'send') this.deliver(user, command);
      else if (command.op === 'notify') this.outbox.notify(command, this.now);
      else if (command.op === 'update' && this.outbox.claim(command.idempotencyKey)) {
        // Like an identify: traits change, then the state engine runs again (a tick).
        const before = applyProfileUpdate(user.profile, command);
        if (depth >= MAX_DEPTH) continue;
        const occurrences = [
          ...updateOccurrences(before, user.profile.traits, command),
          ...this.applyState(user, null).map((change) => stateChangeOccurrence(change, null)),
        ];
        for (const occurrence of occurrences) this.dispatch(user, occurrence, depth + 1);
      }
    }
  }

  private deliver(user: SimulatedUser, command: SendCommand): void {
    const timeZone = userTimeZone(user.profile, this.definitions.definitions);
    const topic = command.topic ?? this.templates.topic(command.channel, command.template);
    const personas = personaVariables(this.definitions, readUserState(user.profile.state));
    const persona = this.templates.variant(command.channel, command.template, personas);
    const retryAt = this.outbox.send(
      { ...command, topic, persona },
      { ...user, timeZone },
      this.now,
      this.definitions.definitions,
    );
    if (retryAt !== null)
      this.timers.set(`delivery:${command.idempotencyKey}`, retryAt, {
        kind: 'delivery',
        userId: user.profile.id,
        command,
      });
  }

  private fire(payload: TimerPayload): void {
    if (payload.kind === 'schedule') {
      const definitions = this.definitions.definitions;
      const report = reportOfJourney(definitions, payload.journeyId);
      for (const user of this.users.values()) {
        if (userTimeZone(user.profile, definitions) !== payload.zone) continue;
        const occurrence =
          report === null
            ? scheduleOccurrence(payload.journeyId, this.now)
            : reportOccurrence(definitions, report, this.now, user.profile, this.accounts);
        if (occurrence) this.dispatch(user, occurrence, 0);
      }
      this.setSchedule(payload.journeyId, payload.zone);
      return;
    }
    const user = this.user(payload.userId);
    if (payload.kind === 'state') {
      for (const change of this.applyState(user, null))
        this.dispatch(user, stateChangeOccurrence(change, null), 0);
    } else if (payload.kind === 'run') {
      const run = user.runs.get(payload.runId);
      if (!run) return;
      const result = handleTimer({ run, user: this.snapshot(user), now: this.now });
      this.storeRun(user, result.run);
      this.perform(user, result.commands, 0);
    } else this.deliver(user, payload.command);
  }

  private ensureSchedules(user: SimulatedUser): void {
    const zone = userTimeZone(user.profile, this.definitions.definitions);
    for (const journey of compiledJourneys(this.definitions).values())
      if (journey.schedule && !this.timers.has(`schedule:${journey.id}:${zone}`))
        this.setSchedule(journey.id, zone);
  }

  private setSchedule(journeyId: string, zone: string): void {
    const journey = compiledJourneys(this.definitions).get(journeyId)!;
    this.timers.set(`schedule:${journeyId}:${zone}`, nextScheduledAt(journey, zone, this.now), {
      kind: 'schedule',
      journeyId,
      zone,
    });
  }
}
