import { isPlainObject } from '../../core/is-plain-object.js';
import type { StoredEvent } from '../../core/types.js';
import {
  referencedTemplates,
  walkSteps,
  type LoadedDefinitions,
  type SendStep,
} from '../../definitions/index.js';
import { counterName } from '../../engine/profile/counter-name.js';
import { triggerMatches } from '../../engine/journeys/match-occurrence.js';
import {
  eventOccurrence,
  JOURNEY_SCHEDULED,
  stateChangeOccurrence,
  TRAIT_CHANGED,
} from '../../engine/journeys/occurrences.js';
import type { JourneyRun, Occurrence, RunTrigger } from '../../engine/journeys/types.js';
import { STATE_CHANGE_NAMES, type StateChange } from '../../engine/state/index.js';
import type { MessageRecord, Store } from '../../store/store.js';
import { CHANNEL_KIND } from '../../templates/check-references.js';
import type { TemplateKind } from '../../templates/template-source.js';
import type { MessageTrigger } from './message-render-context.js';

/**
 * Where a preview's `event` comes from. The dispatcher renders a message with the trigger its
 * run started on (the send step copies `run.trigger` into `payload.trigger`), so a preview
 * reads the same record: the message of this template the user got, else the run that will
 * send it, else the occurrence in their log that would start such a run.
 */
export type PreviewEventSource =
  | { from: 'message'; id: string; journeyId: string | null; event: string | null }
  | { from: 'run'; id: string; journeyId: string; event: string | null }
  | { from: 'log'; id: string; journeyId: string; event: string | null }
  | { from: 'none'; journeyId: string | null; reason: string };

export interface PreviewTrigger {
  trigger: MessageTrigger | null;
  /** The message it was read from, or the one the run will queue: its id signs the links, its
   * topic is the step's (null: the template's). Null when there is neither. */
  message: { id: string; topic: string | null; createdAt: number | null } | null;
  source: PreviewEventSource;
}

/** How far back a preview looks in the delivery log and the event log. */
const LOOK_BACK = 500;

/** Trigger names that are no product event: a schedule, a trait change, a state change. */
const INTERNAL_TRIGGERS: ReadonlySet<string> = new Set([
  JOURNEY_SCHEDULED,
  TRAIT_CHANGED,
  ...STATE_CHANGE_NAMES,
]);

/**
 * The trigger the dispatcher would render this template with for this user. `source.event`
 * names the product event that `event` quotes; null when the trigger has none (a schedule, a
 * trait change, a segment entered on a timer): `event` is then the trigger itself, as sent.
 */
export async function previewTrigger(
  store: Store,
  definitions: LoadedDefinitions,
  profileId: string,
  templateId: string,
  kind: TemplateKind,
): Promise<PreviewTrigger> {
  const journeys = journeysSending(definitions, templateId, kind);
  const message = await latestMessage(store, profileId, templateId, kind);
  const run = await latestRun(store, profileId, journeys);
  // A run that entered after the last message will send the next one, with its own trigger.
  if (message && !(run?.status === 'active' && run.enteredAt > message.createdAt)) {
    const trigger = message.payload.trigger as MessageTrigger;
    return {
      trigger,
      message: { id: message.id, topic: message.topic, createdAt: message.createdAt },
      source: { from: 'message', id: message.id, journeyId: message.journeyId, ...quoted(trigger) },
    };
  }
  if (run) {
    return {
      trigger: run.trigger,
      message: nextMessage(definitions, run, templateId, kind),
      source: { from: 'run', id: run.id, journeyId: run.journeyId, ...quoted(run.trigger) },
    };
  }
  const found = await wouldStart(store, definitions, profileId, journeys);
  if (found) {
    return {
      trigger: found.trigger,
      message: null,
      source: { from: 'log', id: found.id, journeyId: found.journeyId, ...quoted(found.trigger) },
    };
  }
  const reason =
    journeys.length === 0
      ? 'no journey sends this template'
      : `no run of ${journeys.join(', ')}, and nothing in the latest ${LOOK_BACK} events of the user would start one`;
  return {
    trigger: null,
    message: null,
    source: { from: 'none', journeyId: journeys[0] ?? null, reason },
  };
}

/** The product event a trigger quotes: its cause for a state change, the event itself for an
 * event, none for a schedule, a trait change or a state change on a timer. */
function quoted(trigger: MessageTrigger): { event: string | null } {
  if (trigger.cause) return { event: trigger.cause.event };
  return { event: trigger.name && !INTERNAL_TRIGGERS.has(trigger.name) ? trigger.name : null };
}

/**
 * The message a run will queue at its step that sends this template: the send step's
 * idempotency key (sendMessage: run, step, visit) and topic.
 */
function nextMessage(
  definitions: LoadedDefinitions,
  run: JourneyRun,
  templateId: string,
  kind: TemplateKind,
): PreviewTrigger['message'] {
  const steps = definitions.definitions.journeys[run.journeyId]?.steps ?? [];
  const sends: SendStep[] = [];
  walkSteps(steps, [], (step) => {
    if (
      'send' in step &&
      step.send.template === templateId &&
      CHANNEL_KIND[step.send.channel] === kind
    )
      sends.push(step);
  });
  const step = sends[0];
  if (!step) return null;
  // The visit the send will be on: the current one while the run waits at the step (a
  // `show: next_login` send), else the next.
  const visits = run.visits[step.id] ?? 0;
  const visit = run.waiting?.stepId === step.id ? Math.max(visits, 1) : visits + 1;
  return { id: `${run.id}:${step.id}:${visit}`, topic: step.send.topic ?? null, createdAt: null };
}

/** The journeys whose steps send this template on a channel of this kind, in file order. */
export function journeysSending(
  definitions: LoadedDefinitions,
  templateId: string,
  kind: TemplateKind,
): string[] {
  return [
    ...new Set(
      referencedTemplates(definitions.definitions)
        .filter((ref) => ref.template === templateId && CHANNEL_KIND[ref.channel] === kind)
        .map((ref) => ref.journey),
    ),
  ];
}

async function latestMessage(
  store: Store,
  profileId: string,
  templateId: string,
  kind: TemplateKind,
): Promise<MessageRecord | null> {
  const page = await store.listMessages({ profileId }, { limit: LOOK_BACK });
  return (
    page.items.find(
      (m) =>
        m.template === templateId &&
        CHANNEL_KIND[m.channel as keyof typeof CHANNEL_KIND] === kind &&
        isPlainObject(m.payload.trigger),
    ) ?? null
  );
}

/** The user's newest active run of these journeys, else their newest run of them. */
async function latestRun(
  store: Store,
  profileId: string,
  journeys: string[],
): Promise<JourneyRun | null> {
  const runs: JourneyRun[] = [];
  for (const journeyId of journeys)
    runs.push(...(await store.listRuns({ profileId, journeyId }, { limit: 50 })).items);
  runs.sort((a, b) => b.enteredAt - a.enteredAt);
  return runs.find((r) => r.status === 'active') ?? runs[0] ?? null;
}

/**
 * The newest occurrence in the user's log that would start one of these journeys, rebuilt as
 * the engine builds it when the event is applied: a product event as itself, a state change
 * (an internal event) with the event that caused it. Trait changes, schedules and account
 * occurrences leave no such record, so they are never found here.
 */
async function wouldStart(
  store: Store,
  definitions: LoadedDefinitions,
  profileId: string,
  journeys: string[],
): Promise<{ trigger: RunTrigger; journeyId: string; id: string } | null> {
  if (journeys.length === 0) return null;
  const events = await store.recentEvents(profileId, LOOK_BACK);
  const byId = new Map(events.map((e) => [e.messageId, e]));
  for (const event of events) {
    // An imported event starts no run, but it is what a run would quote: it counts here.
    const occurrence = asOccurrence(event, byId);
    if (!occurrence) continue;
    for (const journeyId of journeys) {
      const trigger = definitions.definitions.journeys[journeyId]?.trigger;
      if (!trigger || !triggerMatches(journeyId, trigger, occurrence)) continue;
      const { imported: _, ...runTrigger } = occurrence;
      return { trigger: runTrigger, journeyId, id: event.messageId };
    }
  }
  return null;
}

function asOccurrence(event: StoredEvent, byId: Map<string, StoredEvent>): Occurrence | null {
  if (event.source !== 'internal') return counterName(event) ? eventOccurrence(event) : null;
  if (!STATE_CHANGE_NAMES.has(event.event ?? '')) return null;
  const reason = event.properties.reason;
  const cause = isPlainObject(reason) && isPlainObject(reason.cause) ? reason.cause : null;
  let causing: StoredEvent | null = null;
  if (cause?.type === 'event') {
    causing = byId.get(String(cause.messageId)) ?? null;
    // Caused by an event older than the look-back: its properties are unknown, so no guess.
    if (!causing) return null;
  }
  const change = { name: event.event, timestamp: event.timestamp, properties: event.properties };
  return stateChangeOccurrence(change as unknown as StateChange, causing);
}
