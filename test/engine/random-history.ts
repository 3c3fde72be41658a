import type { Account, IncomingEvent, JsonObject } from '../../src/core/types.js';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import { foldEventIntoAccount, foldEventIntoProfile } from '../../src/engine/profile/fold-event.js';
import { mergeProfiles } from '../../src/engine/profile/merge-profiles.js';
import { newAccount, newProfile } from '../../src/engine/profile/new-profile.js';
import type { StateInput } from '../../src/engine/state/index.js';
import { DAY, HOUR, START, definitions } from './user-simulator.js';

/**
 * Random histories for one user, as the runtime would apply them: events (some late, some
 * internal), identify calls, group calls, ticks (on time, early, late, and once in a while with a
 * clock that went back), identity merges, and other members moving an account. `run` hands each
 * engine input to `check`, which returns the new state to keep.
 */

/** Every rule kind, every combinator, references between owners, and the steps. */
export const SYNTHETIC = definitions(`
milestones:
  signed: { event: Signed Up }
  report: { event: Report Created }
  shared: { event: Report Shared, where: { to: teammate } }
  triple: { event: Task Created, times: 3 }
  big_share: { event: Report Shared, where: { size: { gte: 50 } }, times: 2 }
activation:
  milestones: [report, shared]
  within: 3d
  signup: { event: Signed Up }
qualifier:
  questions:
    role: { answers: [dev, exec, ops] }
    urgency: { trait: how_urgent, answers: [now, later] }
personas:
  path:
    rules:
      - persona: dev_path
        when: { answer: role, equals: dev }
      - persona: exec_path
        when: { any: [{ answer: role, in: [exec] }, { trait: title, contains: chief }] }
  behavior:
    rules:
      - persona: shopper
        when:
          all:
            - { performed: Viewed Pricing Page, at_least: 2, within: 2d }
            - { not: { milestone: report } }
      - persona: maker
        when: { last_performed: [Report Created, Task Created], within: 3d }
      - persona: early_bird
        when: { first_performed: Task Created, within_signup: 1d }
      - persona: lurker
        when: { last_seen: { older_than: 4d } }
      - persona: someone
score:
  half_life: 2d
  weights:
    Report Created: 10
    Task Created: 3
    Logged In: 1
    Viewed Pricing Page: 2
    Complaint: -8
  thresholds: { warm: 8, hot: 20, cold: -5 }
lifecycle:
  - stage: churned
    when: { trait: status, equals: cancelled }
  - stage: dormant
    when: { last_seen: { older_than: 5d } }
  - stage: engaged
    when: { all: [{ activated: true }, { active_days: { at_least: 2, within: 4d } }] }
  - stage: activated
    when: { activated: true }
  - stage: onboarding
    when: { signed_up: { within: 2d } }
  - stage: new
engagement:
  - stage: expand
    when: { all: [{ stage: engaged }, { performed: Teammate Invited, at_least: 2 }] }
  - stage: optimize
    when: { active_days: { at_most: 1, within: 3d } }
  - stage: reinforce
    when: { activated: true }
  - stage: implement
segments:
  hot: { when: { score: { gte: 12 } } }
  cooling: { when: { all: [{ score: { lt: 12 } }, { score: { gt: 3 } }] } }
  negative: { when: { score: { lte: -2 } } }
  quiet: { when: { not: { performed: Logged In, within: 1d } } }
  busy:
    when: { performed: [Logged In, Report Created], at_least: 3, at_most: 6, within: 1d }
  few: { when: { performed: Task Created, at_most: 2 } }
  early: { when: { signed_up: { within: 36h, older_than: 2h } } }
  fresh_report: { when: { milestone: report, within: 1d, within_signup: 2d } }
  old_share: { when: { milestone: shared, older_than: 2d } }
  first_task: { when: { first_performed: Task Created, older_than: 1d, within: 5d } }
  shopper_or_hot: { when: { any: [{ persona: shopper }, { segment: hot }] } }
  settled: { when: { all: [{ stage: [engaged, reinforce] }, { not: { segment: quiet } }] } }
  big_company:
    when: { all: [{ account_trait: employees, gte: 100 }, { account_score: { gte: 10 } }] }
  team_plan: { when: { account_trait: plan, in: [team, business] } }
  late_activation: { when: { all: [{ activated: false }, { signed_up: { older_than: 3d } }] } }
  urgent: { when: { answer: urgency, equals: now } }
  active_tz: { when: { active_days: { at_least: 2, within: 3d } } }
  nested:
    when:
      any:
        - all: [{ segment: quiet }, { not: { stage: dormant } }]
        - { persona: [maker, lurker] }
`);

/** No score, activation or qualifier: the steps' empty paths. */
export const BARE = definitions(`
segments:
  recent: { when: { performed: Logged In, within: 2d } }
  regular: { when: { active_days: { at_least: 3, within: 7d } } }
  gone: { when: { all: [{ last_seen: { older_than: 3d } }, { not: { segment: recent } }] } }
lifecycle:
  - stage: dormant
    when: { segment: gone }
  - stage: new
`);

const EVENTS = [
  'Signed Up',
  'Logged In',
  'Logged In',
  'Report Created',
  'Report Shared',
  'Task Created',
  'Teammate Invited',
  'Complaint',
  'Qualifier Answered',
  'Data Source Connected',
  'Project Created',
  'Advanced Feature Used',
  'Permissions Updated',
  'Support Ticket Opened',
  'Automation Created',
  'Report Scheduled',
  'Integration Configured',
  'Workflow Created',
  'Dashboard Created',
  'Subscription Cancelled',
];
const PAGES = ['Pricing', 'Pricing', 'Help', 'Home'];
const TRAITS: [string, JsonObject[string][]][] = [
  ['plan', ['trial', 'pro', 'team', null]],
  ['team_size', [2, 8, '12', null]],
  ['role', ['dev', 'exec', 'ops', 'intern', 'technical', 'executive']],
  ['urgency', ['this_week', 'evaluating_options']],
  ['how_urgent', ['now', 'later', 'never']],
  ['challenge', ['integration_needs', 'team_coordination']],
  ['title', ['chief of staff', 'engineer']],
  ['status', ['active', 'cancelled', null]],
  ['subscription_status', ['active', 'cancelled']],
  ['timezone', ['America/New_York', 'Asia/Tokyo', 'Not/AZone', null]],
];

/** A small deterministic generator, so a failure replays from its seed. */
export function random(seed: number): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

export interface History {
  definitions: LoadedDefinitions;
  seed: number;
  steps: number;
  /** Runs the engine on one input; returns the state to keep. */
  check: (input: StateInput, step: number) => JsonObject;
}

export function run({ definitions: defs, seed, steps, check }: History): void {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const profile = newProfile(`user-${seed}`, START);
  const accounts = new Map<string, Account>();
  let now = START;
  let sequence = 0;
  const event = (partial: Partial<IncomingEvent>): IncomingEvent => ({
    messageId: `m-${seed}-${++sequence}`,
    type: 'track',
    event: null,
    userId: profile.userId,
    anonymousId: null,
    groupId: null,
    previousId: null,
    timestamp: now,
    originalTimestamp: null,
    sentAt: null,
    receivedAt: now,
    properties: {},
    traits: {},
    context: {},
    source: 'api',
    ...partial,
  });
  const randomEvent = (): IncomingEvent => {
    const kind = next();
    if (kind < 0.12) return event({ type: 'page', event: pick(PAGES) });
    if (kind < 0.24) {
      const traits: JsonObject = {};
      for (let i = 0; i < 1 + Math.floor(next() * 3); i++) {
        const [name, values] = pick(TRAITS);
        traits[name] = pick(values);
      }
      return event({ type: 'identify', traits });
    }
    if (kind < 0.3) {
      const traits: JsonObject = { employees: pick([20, 150, 500]), plan: pick(['team', 'free']) };
      return event({ type: 'group', groupId: pick(['acme', 'globex']), traits });
    }
    const name = pick(EVENTS);
    const properties: JsonObject = {
      to: pick(['teammate', 'client']),
      size: Math.floor(next() * 100),
      category: pick(['api', 'crm']),
      uses_real_data: next() < 0.5,
    };
    if (name === 'Qualifier Answered') {
      properties.question = pick(['role', 'urgency', 'challenge']);
      properties.answer = pick(['dev', 'exec', 'now', 'this_week', 'integration_needs', 'x']);
    }
    const groupId = next() < 0.3 ? pick(['acme', 'globex']) : null;
    return event({ type: 'track', event: name, properties, groupId });
  };
  const apply = (given: IncomingEvent | null, at: number, step: number) => {
    const members = profile.accounts.map((id) => {
      // A merged visitor's accounts are new to this history.
      if (!accounts.has(id)) accounts.set(id, newAccount(id, now));
      return accounts.get(id)!;
    });
    profile.state = check(
      { definitions: defs, profile, accounts: members, event: given, now: at },
      step,
    );
  };
  const fold = (given: IncomingEvent) => {
    foldEventIntoProfile(profile, given);
    if (!given.groupId) return;
    const account = accounts.get(given.groupId) ?? newAccount(given.groupId, given.timestamp);
    accounts.set(account.id, account);
    foldEventIntoAccount(account, given);
  };

  for (let step = 0; step < steps; step++) {
    const action = next();
    if (action < 0.55) {
      const given = randomEvent();
      // Some events arrive late, dated up to three days back.
      if (next() < 0.15) given.timestamp = now - Math.floor(next() * 3 * DAY);
      fold(given);
      apply(given, now, step);
    } else if (action < 0.62) {
      // The durable timer, on time.
      const due = (profile.state as { nextCheckAt?: number | null }).nextCheckAt;
      if (due != null && due > now) now = due;
      apply(null, now, step);
    } else if (action < 0.67) {
      apply(null, now, step);
    } else if (action < 0.7) {
      // An identity merge, then the event that caused it.
      const visitor = newProfile(`anon:v-${seed}-${step}`, now - HOUR);
      for (let i = 0; i < Math.floor(next() * 4); i++) {
        const given = randomEvent();
        given.timestamp = now - Math.floor(next() * DAY);
        foldEventIntoProfile(visitor, given);
      }
      mergeProfiles(profile, visitor);
      const given = randomEvent();
      fold(given);
      apply(given, now, step);
    } else if (action < 0.72) {
      // A state change written back to the log: the engine derives nothing from it.
      const given = event({ event: 'Segment Entered', source: 'internal' });
      if (next() < 0.5) fold(given);
      apply(given, now, step);
    } else if (action < 0.75) {
      // Another member moves an account: its traits or its score.
      const account = accounts.get(pick([...accounts.keys(), 'none']));
      if (account) {
        if (next() < 0.5) account.traits.employees = pick([50, 120, 800]);
        else account.state = { v: 1, score: { value: Math.floor(next() * 40) - 5, at: now } };
      }
    } else if (action < 0.765) {
      // A journey's update step changes traits in place; the runtime then runs a tick.
      const [name, values] = pick(TRAITS);
      const value = pick(values);
      if (value === null) delete profile.traits[name];
      else profile.traits[name] = value;
      apply(null, now, step);
    } else if (action < 0.78) {
      // A clock that went back a little (another process's clock).
      const given = next() < 0.5 ? null : randomEvent();
      if (given) fold(given);
      apply(given, now - Math.floor(next() * HOUR), step);
    } else {
      // Time passes: minutes, hours, or days.
      const size = next();
      now += Math.floor(next() * (size < 0.6 ? 3 * HOUR : size < 0.9 ? 2 * DAY : 8 * DAY));
    }
  }
}
