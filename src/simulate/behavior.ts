import type { JsonObject } from '../core/types.js';
import type { MessageRecord } from '../store/store.js';
import { CallBuilder, type SegmentCall } from './calls.js';
import { TimeHeap } from './heap.js';
import { localHourOn, localTime } from './local-time.js';
import {
  activatedInTime,
  DAY,
  HOUR,
  type Population,
  type SimAccount,
  type SimPerson,
} from './population.js';
import type { SimAction, SimulationConfig } from './simulation-schema.js';

export type AgendaItem =
  | { kind: 'signup'; person: SimPerson }
  | { kind: 'session'; person: SimPerson; regular: boolean }
  | { kind: 'invite'; person: SimPerson; invitee: SimPerson }
  | { kind: 'check48'; person: SimPerson }
  | { kind: 'trial_end'; account: SimAccount }
  | { kind: 'churn'; person: SimPerson; at: number }
  | { kind: 'open' | 'click' | 'unsubscribe'; person: SimPerson; message: MessageRecord };

/** The three activation milestones' events, in order (the example's P1). */
const ACTIVATION = ['Data Source Connected', 'Report Created', 'Report Shared'] as const;
const FIRST_VALUE: Record<string, SimAction> = {
  technical: { event: 'Integration Configured', properties: { category: 'api' } },
  business: { event: 'Workflow Created', properties: { uses_real_data: true } },
  executive: { event: 'Dashboard Created' },
};

/**
 * What simulated people do, and when: an agenda of wake-ups (signups, sessions, invitations,
 * the 48-hour mark, trial ends, churn) in time order, and the Segment calls each produces. Every
 * draw comes from the person's own stream. The driver (simulate.ts) pops what is due at each
 * step of the clock and hands the calls to Cairn; reactions to delivered messages come back as
 * agenda items and pending actions.
 */
export class Behavior {
  readonly agenda = new TimeHeap<AgendaItem>();
  readonly outgoing = new TimeHeap<SegmentCall>();
  /** In-app messages read at a login, for the driver to mark in the inbox. */
  readonly reads: { person: SimPerson; messageId: string; at: number }[] = [];
  private readonly calls: CallBuilder;
  private readonly meaningful: Set<string>;
  private readonly accounts: Map<string, SimAccount>;

  constructor(
    private readonly config: SimulationConfig,
    seed: string,
    private readonly population: Population,
    private readonly end: number,
  ) {
    this.calls = new CallBuilder(seed);
    this.meaningful = new Set(config.churn.meaningful);
    this.accounts = new Map(population.accounts.map((a) => [a.id, a]));
    for (const person of population.people) {
      if (person.first && person.signupAt !== null && person.signupAt < end)
        this.agenda.push(person.signupAt, { kind: 'signup', person });
    }
  }

  /** Does one agenda item due at `at` (engagement items are the driver's). */
  handle(at: number, item: AgendaItem): void {
    switch (item.kind) {
      case 'signup':
        return this.signup(item.person, at);
      case 'session':
        return this.session(item.person, at, item.regular);
      case 'invite':
        return this.invite(item.person, item.invitee, at);
      case 'check48':
        return this.check48(item.person, at);
      case 'trial_end':
        return this.trialEnd(item.account, at);
      case 'churn':
        return this.churn(item.person, item.at);
      default:
        return;
    }
  }

  /** A journey's message moved this person: they do `actions` at a session soon after. */
  moveToGoal(person: SimPerson, journeyId: string, actions: SimAction[], at: number): void {
    person.moved.push(journeyId);
    const when = this.workingTime(person, at + person.rng.between(HOUR, 36 * HOUR));
    for (const action of actions) person.pending.push({ at: when, action, moved: true });
    this.agenda.push(when, { kind: 'session', person, regular: false });
  }

  private emit(call: SegmentCall, at: number): void {
    this.outgoing.push(at, call);
  }

  private signup(person: SimPerson, at: number): void {
    const { rng } = person;
    const account = this.accounts.get(person.accountId)!;
    const acquisition = this.config.acquisition[person.acquisition]!;
    const context: JsonObject = {
      campaign: {
        source: acquisition.source,
        medium: acquisition.medium,
        name: acquisition.campaign,
      },
      ...(acquisition.referrer ? { referrer: { type: 'link', url: acquisition.referrer } } : {}),
      page: { referrer: acquisition.referrer ?? '' },
      timezone: person.timeZone,
    };
    const traits: JsonObject = {
      email: person.email,
      name: person.name,
      plan: account.plan ?? 'trial',
      timezone: person.timeZone,
      company: account.name,
      created_at: new Date(at).toISOString(),
      ...(person.first ? { team_size: account.members.length } : {}),
      // The role in the account that account reports are addressed by (`recipients:` in
      // cairn.yaml): the first user owns it, teammates are members.
      account_role: person.first ? 'owner' : 'member',
      ...(person.answers ?? {}),
    };
    let t = at;
    this.emit(this.calls.identify(person, t, traits, context), t);
    t += 1000;
    const groupTraits: JsonObject = person.first
      ? {
          name: account.name,
          employees: account.employees,
          industry: account.industry,
          plan: 'trial',
        }
      : { name: account.name };
    this.emit(this.calls.group(person, t, account.id, groupTraits), t);
    t += 1000;
    this.emit(
      this.calls.track(
        person,
        t,
        'Signed Up',
        { use_case: person.useCase, invited: !person.first },
        context,
      ),
      t,
    );
    // Some do not log in on the day they sign up: their first session (and plans) come later.
    const slow = rng.chance(this.config.people.slow_start);
    const firstSession = slow
      ? this.workingTime(person, at + rng.between(DAY, 4 * DAY))
      : t + 30_000;
    this.plan(person, firstSession);
    this.agenda.push(at + 48 * HOUR, { kind: 'check48', person });
    if (person.first) {
      const trial = this.config.conversion.trial;
      this.agenda.push(at + rng.between(0.5, 1) * trial, { kind: 'trial_end', account });
      for (const id of account.members.slice(1)) {
        const invitee = this.population.byId.get(id)!;
        const inviteAt = this.workingTime(person, at + rng.between(2 * HOUR, 5 * DAY));
        this.agenda.push(inviteAt, { kind: 'invite', person, invitee });
      }
    }
    if (slow) this.agenda.push(firstSession, { kind: 'session', person, regular: true });
    else this.session(person, firstSession, true);
  }

  /** Planned milestones from the first session on: activation in time (or part of it), the
   * path's first value. */
  private plan(person: SimPerson, at: number): void {
    const { rng } = person;
    const later = (from: number, min: number, max: number) =>
      this.workingTime(person, from + rng.between(min, max));
    const steps: SimAction[] = [
      { event: ACTIVATION[0], properties: this.draw(person, ACTIVATION[0]) },
      { event: ACTIVATION[1] },
      { event: ACTIVATION[2], properties: { recipient_type: 'teammate' } },
    ];
    let t = at;
    const count = person.willActivate
      ? 3
      : rng.chance(this.config.activation.partial.source)
        ? rng.chance(this.config.activation.partial.report)
          ? 2
          : 1
        : 0;
    for (let i = 0; i < count; i++) {
      t = later(t, i === 0 ? 0.5 * HOUR : HOUR, i === 0 ? 30 * HOUR : 36 * HOUR);
      this.forced(person, t, steps[i]!);
    }
    const firstValue = person.path ? FIRST_VALUE[person.path] : undefined;
    if (firstValue && rng.chance(this.config.activation.first_value))
      this.forced(person, later(at, HOUR, 3 * DAY), firstValue);
  }

  private forced(person: SimPerson, at: number, action: SimAction): void {
    // The action waits in `pending` for the session this item starts.
    person.pending.push({ at, action, moved: false });
    this.agenda.push(at, { kind: 'session', person, regular: false });
  }

  private invite(person: SimPerson, invitee: SimPerson, at: number): void {
    if (person.churned) return;
    person.pending.push({
      at,
      action: { event: 'Teammate Invited', properties: { invitee: invitee.email } },
      moved: false,
    });
    this.session(person, at, false);
    if (invitee.rng.chance(this.config.accounts.invite_accept)) {
      const joins = at + invitee.rng.between(10 * 60_000, this.config.accounts.join_within);
      if (joins < this.end) {
        invitee.signupAt = this.workingTime(invitee, joins);
        this.agenda.push(invitee.signupAt, { kind: 'signup', person: invitee });
      }
    }
  }

  private session(person: SimPerson, at: number, regular: boolean): void {
    const due = person.pending.filter((p) => p.at <= at && (p.moved || !person.churned));
    if (person.churned && !due.length) return;
    person.pending = person.pending.filter((p) => p.at > at);
    const { rng } = person;
    const persona = this.config.behavior_personas[person.persona]!;
    let t = at;
    const step = () => {
      t += Math.max(
        1000,
        Math.round(
          rng.logNormal(this.config.people.event_gap.median, this.config.people.event_gap.sigma),
        ),
      );
      return t;
    };
    this.emit(this.calls.track(person, t, 'Logged In'), t);
    for (const id of person.unread.splice(0)) {
      if (rng.chance(this.config.messages.inapp.read))
        this.reads.push({ person, messageId: id, at: t });
    }
    for (const { action } of due) this.act(person, action, step);
    if (regular) {
      for (const [event, rate] of Object.entries(persona.actions)) {
        const support = event === 'Support Ticket Opened' || event === 'Viewed Help Page';
        const times = rng.poisson(rate * (support ? 1.5 - person.skill : 1));
        for (let i = 0; i < times; i++) this.act(person, { event }, step, true);
      }
      const next =
        at + rng.exponential((7 * DAY) / persona.sessions_per_week / this.engagement(person));
      if (!person.churned && next < this.end)
        this.agenda.push(this.workingTime(person, next), {
          kind: 'session',
          person,
          regular: true,
        });
    }
  }

  /** `free`: from the persona's rates (not planned, not a journey's effect). */
  private act(person: SimPerson, action: SimAction, step: () => number, free = false): void {
    const t = step();
    if ('traits' in action) {
      this.emit(this.calls.identify(person, t, action.traits as JsonObject), t);
      return;
    }
    for (let i = 0; i < (action.times ?? 1); i++) {
      const at = i === 0 ? t : step();
      const properties = {
        ...this.draw(person, action.event),
        ...(action.properties as JsonObject),
      };
      if (
        free &&
        action.event === 'Report Shared' &&
        properties.recipient_type === 'teammate' &&
        !this.mayShare(person, at)
      )
        properties.recipient_type = 'self';
      if (action.event.startsWith('Viewed ') && action.event.endsWith(' Page')) {
        this.emit(this.calls.page(person, at, action.event.slice(7, -5)), at);
      } else {
        this.emit(this.calls.track(person, at, action.event, properties), at);
      }
      this.record(person, action.event, properties, at);
    }
  }

  /** A teammate share before the 7th day only from those who activate (the planted rate). */
  private mayShare(person: SimPerson, at: number): boolean {
    return person.willActivate || at - (person.signupAt ?? at) > 7 * DAY;
  }

  private record(person: SimPerson, event: string, properties: JsonObject, at: number): void {
    const index = ACTIVATION.indexOf(event as (typeof ACTIVATION)[number]);
    if (index >= 0 && person.milestonesAt[index] === null) {
      if (index < 2 || properties.recipient_type === 'teammate') person.milestonesAt[index] = at;
    }
    if (
      person.meaningful48h === null &&
      this.meaningful.has(event) &&
      person.signupAt !== null &&
      at < person.signupAt + 48 * HOUR
    )
      person.meaningful48h = true;
  }

  private check48(person: SimPerson, at: number): void {
    if (person.meaningful48h === null) person.meaningful48h = false;
    const churn = this.config.churn;
    const urgency = person.answers ? (churn.urgency[person.answers.urgency] ?? 1) : 1;
    const hazard =
      churn.daily_hazard *
      Math.exp(churn.need_slope * (0.5 - person.need)) *
      (person.meaningful48h ? 1 : churn.no_meaningful_48h) *
      urgency;
    this.drawChurn(person, at, hazard);
  }

  private drawChurn(person: SimPerson, from: number, hazard: number): void {
    const h = Math.min(0.99, hazard);
    const days = h <= 0 ? Infinity : Math.ceil(Math.log(1 - person.rng.next()) / Math.log(1 - h));
    const at = from + (days - 1) * DAY + person.rng.between(0, DAY);
    person.churnAt = Number.isFinite(at) ? at : null;
    if (person.churnAt !== null && person.churnAt < this.end)
      this.agenda.push(person.churnAt, { kind: 'churn', person, at: person.churnAt });
  }

  private churn(person: SimPerson, at: number): void {
    if (person.churnAt !== at || person.churned) return;
    person.churned = true;
    const account = this.accounts.get(person.accountId)!;
    if (person.first && account.plan) {
      const t = this.workingTime(person, at);
      this.emit(this.calls.track(person, t, 'Subscription Cancelled', { plan: account.plan }), t);
      this.emit(
        this.calls.identify(person, t + 1000, { subscription_status: 'cancelled' }),
        t + 1000,
      );
    }
  }

  private trialEnd(account: SimAccount, at: number): void {
    const first = this.population.byId.get(account.members[0]!)!;
    if (first.churned || first.signupAt === null) return;
    const conversion = this.config.conversion;
    const chance = activatedInTime(first) ? conversion.activated : conversion.not_activated;
    if (!first.rng.chance(chance)) return;
    account.plan = first.rng.weighted(conversion.plans);
    account.paidAt = at;
    const t = this.workingTime(first, at);
    this.emit(this.calls.track(first, t, 'Subscription Started', { plan: account.plan }), t);
    this.emit(this.calls.group(first, t + 1000, account.id, { plan: account.plan }), t + 1000);
    for (const id of account.members) {
      const member = this.population.byId.get(id)!;
      if (member.signupAt === null || member.signupAt > at || member.churned) continue;
      this.emit(this.calls.identify(member, t + 2000, { plan: account.plan }), t + 2000);
      if (member.meaningful48h !== null) this.redrawPaidChurn(member, t);
    }
  }

  /** Paying members leave more slowly: the rest of their time is drawn again. */
  private redrawPaidChurn(member: SimPerson, from: number): void {
    const churn = this.config.churn;
    const urgency = member.answers ? (churn.urgency[member.answers.urgency] ?? 1) : 1;
    const hazard =
      churn.daily_hazard *
      Math.exp(churn.need_slope * (0.5 - member.need)) *
      (member.meaningful48h ? 1 : churn.no_meaningful_48h) *
      urgency *
      churn.paid;
    this.drawChurn(member, from, hazard);
  }

  private engagement(person: SimPerson): number {
    return 0.3 + person.need + 0.4 * person.intent;
  }

  private draw(person: SimPerson, event: string): JsonObject {
    const choices = this.config.properties[event];
    if (!choices) return {};
    const out: JsonObject = {};
    for (const [name, values] of Object.entries(choices))
      out[name] = person.rng.pick(values) as JsonObject[string];
    return out;
  }

  /** The first working moment at or after `time` in the person's zone (weekends mostly off). */
  workingTime(person: SimPerson, time: number): number {
    const { from, to, weekend } = this.config.people.working_hours;
    let t = time;
    for (let i = 0; i < 10; i++) {
      const { hour, weekday } = localTime(person.timeZone, t);
      const isWeekend = weekday === 0 || weekday === 6;
      if (isWeekend && !person.rng.chance(weekend)) {
        t = localHourOn(person.timeZone, t, 1, from) + person.rng.between(0, 3 * HOUR);
        continue;
      }
      if (hour < from)
        return localHourOn(person.timeZone, t, 0, from) + person.rng.between(0, 2 * HOUR);
      if (hour >= to) {
        t = localHourOn(person.timeZone, t, 1, from) + person.rng.between(0, 3 * HOUR);
        continue;
      }
      return t;
    }
    return t;
  }
}
