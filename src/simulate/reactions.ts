import type { IncomingEvent } from '../core/types.js';
import type { Cairn } from '../runtime/cairn.js';
import { ENGAGEMENT_EVENTS } from '../runtime/consent/engagement-event.js';
import {
  clickedEventId,
  engagementForMessage,
  openedEventId,
} from '../runtime/consent/engagement-for-message.js';
import { unsubscribeRecipient } from '../runtime/consent/unsubscribe-recipient.js';
import type { MessageRecord } from '../store/store.js';
import type { AgendaItem, Behavior } from './behavior.js';
import type { Population } from './population.js';
import { Random } from './random.js';
import type { SimulationConfig } from './simulation-schema.js';

/**
 * How simulated recipients answer what Cairn delivered to them: an email is opened (later),
 * perhaps clicked, perhaps unsubscribed from; an in-app message waits for the next login to be
 * read; and a journey's first delivered message may move its recipient to the journey's goal,
 * with the journey's planted effect as the chance. Opens and clicks become the same engagement
 * events the tracking routes record, unsubscribes go through the same consent change as the
 * one-click link, reads mark the inbox as the in-app API does.
 */
export class Reactions {
  /** Runs whose first delivered message was seen (the planted effect is drawn once per run). */
  private readonly seenRuns = new Set<string>();
  readonly counts = { opened: 0, clicked: 0, unsubscribed: 0, read: 0, moved: 0 };

  constructor(
    private readonly cairn: Cairn,
    private readonly config: SimulationConfig,
    private readonly seed: string,
    private readonly population: Population,
    private readonly behavior: Behavior,
    private readonly end: number,
  ) {}

  /** The outcomes of one step's deliveries, in a fixed order. */
  deliveries(outcomes: MessageRecord[], now: number): void {
    const sent = outcomes
      .filter((m) => m.state === 'sent')
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const message of sent) {
      const person = this.population.byId.get(message.profileId);
      if (!person) continue;
      this.effect(message, now);
      if (message.channel === 'inapp') person.unread.push(message.id);
      if (message.channel !== 'email' || person.unsubscribed) continue;
      const rng = Random.of(this.seed, `message:${message.id}`);
      if (!rng.chance(this.config.messages.email.open)) continue;
      const { median, sigma } = this.config.messages.open_delay;
      const at = now + Math.max(30_000, rng.logNormal(median, sigma));
      if (at < this.end) this.behavior.agenda.push(at, { kind: 'open', person, message });
    }
  }

  /** A journey's planted effect, drawn on the first message a run delivers. */
  private effect(message: MessageRecord, now: number): void {
    if (!message.journeyId || !message.runId || this.seenRuns.has(message.runId)) return;
    this.seenRuns.add(message.runId);
    const planted = this.config.journeys[message.journeyId];
    if (!planted || planted.effect <= 0) return;
    const person = this.population.byId.get(message.profileId)!;
    if (Random.of(this.seed, `effect:${message.runId}`).chance(planted.effect)) {
      this.counts.moved += 1;
      this.behavior.moveToGoal(person, message.journeyId, planted.actions, now);
    }
  }

  /** Whether the item is an engagement item (open, click, unsubscribe), handled here. */
  owns(item: AgendaItem): item is Extract<AgendaItem, { kind: 'open' | 'click' | 'unsubscribe' }> {
    return item.kind === 'open' || item.kind === 'click' || item.kind === 'unsubscribe';
  }

  /** Handles an engagement item due by `now`; returns its event for the step's commit, if any. */
  async handle(
    at: number,
    item: Extract<AgendaItem, { kind: 'open' | 'click' | 'unsubscribe' }>,
    now: number,
  ): Promise<IncomingEvent | null> {
    const { person, message } = item;
    const claims = { userId: person.id, messageKey: message.id };
    const store = this.cairn.store;
    if (item.kind === 'open') {
      const rng = Random.of(this.seed, `open:${message.id}`);
      const { click, unsubscribe } = this.config.messages.email;
      if (rng.chance(click) && at + 60_000 < this.end)
        this.behavior.agenda.push(at + rng.between(10_000, 180_000), {
          kind: 'click',
          person,
          message,
        });
      if (!message.transactional && rng.chance(unsubscribe) && at + 60_000 < this.end)
        this.behavior.agenda.push(at + rng.between(20_000, 300_000), {
          kind: 'unsubscribe',
          person,
          message,
        });
      this.counts.opened += 1;
      return engagementForMessage(
        store,
        claims,
        ENGAGEMENT_EVENTS.opened,
        openedEventId(message.id),
        {},
        now,
      );
    }
    if (item.kind === 'click') {
      const url = `${this.definitionsUrl()}/?utm_source=cairn&utm_campaign=${encodeURIComponent(message.template)}`;
      this.counts.clicked += 1;
      return engagementForMessage(
        store,
        claims,
        ENGAGEMENT_EVENTS.clicked,
        clickedEventId(message.id, url),
        { url },
        now,
      );
    }
    if (person.unsubscribed) return null;
    person.unsubscribed = true;
    this.counts.unsubscribed += 1;
    const topic =
      message.topic ?? this.cairn.delivery.preview.renderer.topicOf('email', message.template);
    await unsubscribeRecipient(
      store,
      this.cairn.workspace,
      { purpose: 'message', ...claims, ...(topic ? { topic } : {}) },
      'one_click',
      now,
    );
    return null;
  }

  /** Marks the in-app messages read at the logins of this step, in one transaction. */
  async markReads(now: number): Promise<void> {
    const reads = this.behavior.reads.splice(0);
    if (!reads.length) return;
    await this.cairn.store.transaction(async (tx) => {
      for (const read of reads)
        await tx.markInboxMessage(read.person.id, read.messageId, 'read', now);
    });
    this.counts.read += reads.length;
  }

  private definitionsUrl(): string {
    return this.cairn.workspace.definitions?.definitions.url ?? 'https://app.example';
  }
}
