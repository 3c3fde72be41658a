import type { Account } from '../../src/core/types.js';
import { accountSubject, userSubject } from '../../src/gamification/load-subjects.js';
import { buildReport, type Report } from '../../src/reports/build-report.js';
import { reportOfTrigger } from '../../src/reports/report-for-message.js';
import { periodComparisons } from '../../src/reports/report-source.js';
import { buildLinks } from '../../src/consent/build-links.js';
import type { IncomingEvent, JsonObject } from '../../src/core/types.js';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import type { NotifyCommand, SendCommand } from '../../src/engine/journeys/index.js';
import { messageRenderContext } from '../../src/runtime/delivery/message-render-context.js';
import { CHANNEL_KIND } from '../../src/templates/check-references.js';
import type { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import type { RenderContext } from '../../src/templates/render-context.js';
import type { RenderedEmail, RenderedInApp, RenderedText } from '../../src/templates/renderer.js';
import { DEFAULT_START, InMemoryRuntime, parseScenario } from '../../src/testing/index.js';
import { anEvent } from '../support/events.js';

const HOUR = 3_600_000;

/** One message a journey produced, rendered as the dispatcher renders it at that moment. */
export interface JourneyMessage {
  at: number;
  userId: string;
  journeyId: string;
  stepId: string;
  template: string;
  channel: string;
  heldOut: boolean;
  /** What the delivery policy decided (`sent`, `capped`…), as the scenario harness records it. */
  status: string;
  context: RenderContext;
  email?: RenderedEmail;
  inapp?: RenderedInApp;
  text?: RenderedText;
  /** Subject, title or text, then the plain-text body: what a reader sees. */
  content: string;
}

export type Action =
  | { track: string; properties?: JsonObject; account?: string }
  | { identify: JsonObject }
  | { page: string; properties?: JsonObject }
  | { group: string; traits?: JsonObject };

/**
 * Runs users through the journeys with the scenario harness's in-memory runtime and renders
 * every message when it is produced, with the profile, account and state of that moment and the
 * run's trigger: what the dispatcher would send. Time moves an hour at a time, so a message is
 * rendered within the hour it was queued (the real worker renders at delivery time, too).
 */
export class JourneyReplay {
  readonly runtime: InMemoryRuntime;
  readonly messages: JourneyMessage[] = [];
  private planned: { at: number; user: string; action: Action }[] = [];
  private seen = 0;
  private counter = 0;

  constructor(
    private readonly definitions: LoadedDefinitions,
    private readonly renderer: LiquidRenderer,
    readonly start = DEFAULT_START,
  ) {
    this.runtime = new InMemoryRuntime(definitions, start);
  }

  /**
   * Plans an action for `user` at `hours` after the start. Users' stories may be written one
   * after the other: `until` plays every planned action in time order (written order within the
   * same time), as a scenario file does.
   */
  at(hours: number, user: string, action: Action): this {
    this.planned.push({ at: this.start + hours * HOUR, user, action });
    return this;
  }

  /** Plays the planned actions up to `hours` after the start, then moves the clock there. */
  until(hours: number): this {
    const until = this.start + hours * HOUR;
    const due = this.planned.filter((p) => p.at <= until).sort((a, b) => a.at - b.at);
    this.planned = this.planned.filter((p) => p.at > until);
    for (const { at, user, action } of due) {
      this.advanceTo(at);
      this.runtime.apply(this.event(user, action));
      this.renderNew();
    }
    this.advanceTo(until);
    return this;
  }

  /** Messages of one template (all users, in order). */
  of(template: string): JourneyMessage[] {
    return this.messages.filter((m) => m.template === template);
  }

  private advanceTo(until: number): void {
    for (let t = this.runtime.now + HOUR; t < until; t += HOUR) {
      this.runtime.advanceTo(t);
      this.renderNew();
    }
    this.runtime.advanceTo(until);
    this.renderNew();
  }

  private renderNew(): void {
    const commands = this.runtime.commands;
    for (; this.seen < commands.length; this.seen++) {
      const command = commands[this.seen];
      if (command.op === 'send' || command.op === 'notify') this.render(command);
    }
  }

  /** A usage report's content, compared with every user or account of the replay. */
  private report(command: SendCommand | NotifyCommand, account: Account | null): Report | null {
    const definitions = this.definitions.definitions;
    const about = reportOfTrigger(definitions, command.trigger);
    if (!about) return null;
    const unit = definitions.reports[about.reportId]!.unit;
    const accounts = this.runtime.accounts;
    const subjects =
      unit === 'account'
        ? [...accounts.values()].map(accountSubject)
        : [...this.runtime.users.values()].flatMap((u) => userSubject(u.profile, accounts) ?? []);
    const kind = definitions.reports[about.reportId]!.period;
    return buildReport({
      definitions,
      reportId: about.reportId,
      profile: unit === 'user' ? this.runtime.users.get(command.userId)!.profile : null,
      account: unit === 'account' ? account : null,
      recipient: this.runtime.users.get(command.userId)!.profile,
      period: about.period,
      compared: periodComparisons(definitions, unit, kind, about.period, subjects),
      now: this.runtime.now,
    });
  }

  private render(command: SendCommand | NotifyCommand): void {
    const user = this.runtime.users.get(command.userId)!;
    const accountId = user.profile.accounts[0];
    const account = accountId ? this.runtime.accounts.get(accountId) : undefined;
    const context = messageRenderContext({
      profile: user.profile,
      // The store counts an account's members; the in-memory runtime keeps them in a set.
      account: account
        ? { ...account, memberCount: this.runtime.members.get(account.id)?.size ?? 0 }
        : null,
      definitions: this.definitions,
      now: this.runtime.now,
      trigger: command.trigger,
      journeyId: command.journeyId,
      createdAt: command.at,
      links: buildLinks(
        {
          baseUrl: 'https://cairn.test',
          workspaceSecret: 'test-secret-for-links-0123',
          unsubscribeMailbox: 'unsubscribe@mail.test',
        },
        { userId: user.profile.id, messageKey: command.idempotencyKey, topic: null },
      ),
      workspaceName: this.definitions.definitions.name ?? 'Cairn',
      report: this.report(command, account ?? null),
    });
    const record = [...this.runtime.messages]
      .reverse()
      .find((m) => m.idempotencyKey === command.idempotencyKey);
    const message: JourneyMessage = {
      at: this.runtime.now,
      userId: command.userId,
      journeyId: command.journeyId,
      stepId: command.stepId,
      template: command.template,
      channel: command.channel,
      heldOut: command.heldOut,
      status: record?.status ?? 'unknown',
      context,
      content: '',
    };
    const kind = CHANNEL_KIND[command.channel];
    if (kind === 'email') {
      const email = this.renderer.renderEmail(command.template, context);
      message.email = email;
      message.content = `${email.subject}\n${email.preheader}\n${email.text}`;
    } else if (kind === 'inapp') {
      const inapp = this.renderer.renderInApp(command.template, context);
      message.inapp = inapp;
      message.content = `${inapp.title}\n${inapp.body}\n${inapp.cta?.label ?? ''}`;
    } else {
      const text = this.renderer.renderText(command.template, context);
      message.text = text;
      message.content = text.text;
    }
    this.messages.push(message);
  }

  private event(user: string, action: Action): IncomingEvent {
    const now = this.runtime.now;
    const base = anEvent({
      type: 'track',
      messageId: `replay-${++this.counter}`,
      userId: user,
      timestamp: now,
      sentAt: now,
    });
    if ('track' in action)
      return {
        ...base,
        event: action.track,
        properties: action.properties ?? {},
        groupId: action.account ?? null,
      };
    if ('identify' in action) return { ...base, type: 'identify', traits: action.identify };
    if ('page' in action)
      return { ...base, type: 'page', event: action.page, properties: action.properties ?? {} };
    return { ...base, type: 'group', groupId: action.group, traits: action.traits ?? {} };
  }
}

/**
 * Replays a scenario file of examples/saas/tests (its events, in time order) with rendering; its
 * expectations are `cairn test`'s business and are not checked here. Users without an `email`
 * trait get `<id>@example.com`.
 */
export function replayScenario(
  definitions: LoadedDefinitions,
  renderer: LiquidRenderer,
  text: string,
  file: string,
): JourneyReplay {
  const scenario = parseScenario(text, file);
  // As `cairn test` runs it by default: nobody held out, so every message is a real one.
  const journeys = Object.fromEntries(
    Object.entries(definitions.definitions.journeys).map(([id, j]) => [id, { ...j, holdout: 0 }]),
  );
  const replay = new JourneyReplay(
    { ...definitions, definitions: { ...definitions.definitions, journeys } },
    renderer,
    scenario.start,
  );
  let last = 0;
  const known = new Set<string>();
  for (const step of scenario.steps) {
    const user = step.user ?? scenario.user;
    const hours = (last = step.at / HOUR);
    // Email goes only to users with an address (the dispatcher refuses the others), and the
    // scenarios leave it out where it changes nothing: every user gets one before their first
    // step, as the product would have identified them.
    if (!known.has(user)) {
      known.add(user);
      replay.at(hours, user, { identify: { email: `${user}@example.com` } });
    }
    if ('track' in step)
      replay.at(hours, user, {
        track: step.track,
        properties: step.properties,
        account: step.account,
      });
    else if ('identify' in step) replay.at(hours, user, { identify: step.identify });
    else if ('page' in step)
      replay.at(hours, user, { page: step.page, properties: step.properties });
    else if ('group' in step) replay.at(hours, user, { group: step.group, traits: step.traits });
    else if ('unsubscribe' in step) replay.until(hours).runtime.unsubscribe(user, step.unsubscribe);
    replay.until(hours);
  }
  return replay.until(last);
}
