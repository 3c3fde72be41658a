import { buildLinks, type LinkOptions } from '../../consent/build-links.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import type { JsonObject, Profile, StoredEvent } from '../../core/types.js';
import {
  parseDefinitions,
  referencedTemplates,
  type LoadedDefinitions,
} from '../../definitions/index.js';
import { counterName } from '../../engine/profile/counter-name.js';
import { anonKey } from '../../engine/profile/new-profile.js';
import type { MessageRecord, Store } from '../../store/store.js';
import { CHANNEL_KIND } from '../../templates/check-references.js';
import type { RenderContext } from '../../templates/render-context.js';
import type {
  RenderedEmail,
  RenderedInApp,
  RenderedText,
  Renderer,
} from '../../templates/renderer.js';
import { sampleRenderContext } from '../../templates/sample-render-context.js';
import type { TemplateKind } from '../../templates/template-source.js';
import { messageRenderContext, type MessageTrigger } from './message-render-context.js';

/** What a preview renders with: the process's compiled templates and how it builds links. */
export interface PreviewSource {
  /** The templates in force (a LiquidRenderer, or the ReloadableRenderer of a running process). */
  renderer: Renderer & { has(kind: TemplateKind, templateId: string): boolean };
  links: LinkOptions;
  workspaceName: string;
}

export interface PreviewRequest {
  templateId: string;
  /** Which kind when an id has several (`welcome.mjml` and `welcome.inapp`); default the first
   * of email, in-app, text. */
  kind?: TemplateKind;
  /** A user of the store (userId, profile id or anonymousId); none: sample data. */
  userId?: string;
  /** Merged over the variables (objects key by key, anything else replaced). */
  data?: JsonObject;
}

export type Preview = (
  | ({ kind: 'email' } & RenderedEmail)
  | ({ kind: 'inapp' } & RenderedInApp)
  | ({ kind: 'text' } & RenderedText)
) & {
  /** Whose data: the user's profile id, or null for sample data. */
  user: string | null;
  /** The variables it was rendered with. */
  context: RenderContext;
};

/** A template or user that does not exist (HTTP 404). Render errors are TemplateErrors. */
export class PreviewNotFoundError extends Error {
  constructor(readonly what: string) {
    super(`${what} not found`);
    this.name = 'PreviewNotFoundError';
  }
}

const KINDS: readonly TemplateKind[] = ['email', 'inapp', 'text'];
const NO_DEFINITIONS = parseDefinitions('{}', '(none)');

/**
 * Renders a template exactly as the dispatcher would send it, strictly (an unknown variable
 * throws a TemplateError with file and line). With a user, the variables come from the store as
 * the dispatcher builds them: their profile, first account, state and score now, and as `event`
 * the trigger of the latest message of this template the user got, or else their latest event
 * that can start a journey sending it (so "the project 'Website redesign'" shows their own
 * project). Without a user, sample data shaped like the workspace.
 */
export async function previewTemplate(
  source: PreviewSource,
  request: PreviewRequest,
  from: { store: Store | null; definitions: LoadedDefinitions | null; now: number },
): Promise<Preview> {
  const { renderer } = source;
  const kind = request.kind ?? KINDS.find((k) => renderer.has(k, request.templateId));
  if (!kind || !renderer.has(kind, request.templateId)) {
    const label = request.kind ? `${request.kind} template` : 'template';
    throw new PreviewNotFoundError(`${label} ${request.templateId}`);
  }
  const definitions = from.definitions ?? NO_DEFINITIONS;
  const journeyId = journeysSending(definitions, request.templateId, kind)[0] ?? null;
  let context: RenderContext;
  let user: string | null = null;
  if (request.userId !== undefined) {
    if (!from.store) throw new PreviewNotFoundError(`user ${request.userId}`);
    const profile = await findProfile(from.store, request.userId);
    if (!profile) throw new PreviewNotFoundError(`user ${request.userId}`);
    user = profile.id;
    context = await userContext(source, from.store, definitions, profile, request, {
      journeyId,
      kind,
      now: from.now,
    });
  } else {
    context = sampleContext(from.definitions, journeyId);
  }
  if (request.data) context = merge(context, request.data) as RenderContext;
  const extra = { user, context };
  switch (kind) {
    case 'email':
      return { kind, ...renderer.renderEmail(request.templateId, context), ...extra };
    case 'inapp':
      return { kind, ...renderer.renderInApp(request.templateId, context), ...extra };
    case 'text':
      return { kind, ...renderer.renderText(request.templateId, context), ...extra };
  }
}

async function userContext(
  source: PreviewSource,
  store: Store,
  definitions: LoadedDefinitions,
  profile: Profile,
  request: PreviewRequest,
  { journeyId, kind, now }: { journeyId: string | null; kind: TemplateKind; now: number },
): Promise<RenderContext> {
  const account = profile.accounts[0] ? await store.getAccount(profile.accounts[0]) : null;
  const sent = await latestMessage(store, profile.id, request.templateId, kind);
  const trigger = sent
    ? ((sent.payload.trigger as MessageTrigger | undefined) ?? null)
    : await latestTrigger(store, definitions, profile.id, request.templateId);
  return messageRenderContext({
    profile,
    account,
    definitions,
    now,
    trigger,
    journeyId: sent ? sent.journeyId : journeyId,
    createdAt: sent?.createdAt ?? trigger?.timestamp ?? profile.lastSeen,
    links: buildLinks(source.links, {
      userId: profile.id,
      messageKey: sent?.id ?? `preview:${request.templateId}`,
      // A step without a topic takes its template's, as the delivery worker resolves it.
      topic: sent?.topic ?? source.renderer.topicOf(kind, request.templateId),
    }),
    workspaceName: source.workspaceName,
  });
}

/** The journeys whose steps send this template on a channel of this kind, in file order. */
function journeysSending(definitions: LoadedDefinitions, templateId: string, kind: TemplateKind) {
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
  const page = await store.listMessages({ profileId }, { limit: 200 });
  return (
    page.items.find(
      (m) =>
        m.template === templateId &&
        CHANNEL_KIND[m.channel as keyof typeof CHANNEL_KIND] === kind &&
        isPlainObject(m.payload.trigger),
    ) ?? null
  );
}

/**
 * The user's latest event that starts a journey sending the template (its trigger event, or
 * the event of a milestone that triggers it); for other triggers, their latest event, as the
 * event that changed their state.
 */
async function latestTrigger(
  store: Store,
  definitions: LoadedDefinitions,
  profileId: string,
  templateId: string,
): Promise<MessageTrigger | null> {
  const journeys = referencedTemplates(definitions.definitions)
    .filter((r) => r.template === templateId)
    .map((r) => r.journey);
  const names = new Set(triggerEvents(definitions, journeys));
  const events = await store.recentEvents(profileId, 200);
  const named = (e: StoredEvent) => counterName(e);
  const event =
    events.find((e) => names.has(named(e) ?? '')) ??
    (names.size === 0 ? events.find((e) => named(e) !== null) : undefined);
  if (!event) return null;
  return { name: named(event)!, properties: event.properties, timestamp: event.timestamp };
}

/** The events that start these journeys: an event trigger's, or a milestone trigger's event. */
function triggerEvents(definitions: LoadedDefinitions, journeyIds: string[]): string[] {
  const { journeys, milestones } = definitions.definitions;
  const names: string[] = [];
  for (const id of journeyIds) {
    const trigger = journeys[id]?.trigger as { event?: unknown; milestone?: unknown } | undefined;
    if (typeof trigger?.event === 'string') names.push(trigger.event);
    const reached = Array.isArray(trigger?.milestone) ? (trigger.milestone as string[]) : [];
    for (const m of reached) if (milestones[m]) names.push(milestones[m].event);
  }
  return [...new Set(names)];
}

/**
 * The built-in sample recipient, with the workspace's own milestones (the first reached),
 * persona dimensions (each with its first persona) and the journey that sends the template.
 */
function sampleContext(definitions: LoadedDefinitions | null, journeyId: string | null) {
  const sample = sampleRenderContext();
  if (!definitions) return sample;
  const { milestones, personas, journeys, name } = definitions.definitions;
  const names = Object.keys(milestones);
  if (names.length > 0)
    sample.milestones = Object.fromEntries(
      names.map((m, i) => [
        m,
        i === 0 ? { reached: true, reached_at: sample.user.first_seen } : { reached: false },
      ]),
    );
  if (Object.keys(personas).length > 0)
    sample.persona = Object.fromEntries(
      Object.entries(personas).flatMap(([dimension, { rules }]) =>
        rules[0] ? [[dimension, rules[0].persona]] : [],
      ),
    );
  if (journeyId) {
    sample.journey = { id: journeyId, name: journeys[journeyId]?.name ?? journeyId };
    // The sample's own event would not be one this journey starts on; its properties are the
    // product's, which the definitions do not describe (pass them with `data`).
    const event = triggerEvents(definitions, [journeyId])[0];
    if (event) sample.event = { ...sample.event!, name: event, properties: {} };
  }
  if (name) sample.workspace = { ...sample.workspace, name };
  return sample;
}

/** `data` over `base`: objects merged key by key, any other value replaced. */
function merge(base: unknown, data: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(data)) return data;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(data)) out[key] = merge(base[key], value);
  return out;
}

async function findProfile(store: Store, id: string): Promise<Profile | null> {
  const profileId =
    (await store.resolveProfileId(id)) ?? (await store.resolveProfileId(anonKey(id)));
  return profileId ? store.getProfile(profileId) : null;
}
