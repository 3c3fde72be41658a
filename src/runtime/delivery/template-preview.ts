import { buildLinks, type LinkOptions } from '../../consent/build-links.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import type { JsonObject, Profile } from '../../core/types.js';
import { parseDefinitions, type LoadedDefinitions } from '../../definitions/index.js';
import { anonKey } from '../../engine/profile/new-profile.js';
import type { Store } from '../../store/store.js';
import type { RenderContext } from '../../templates/render-context.js';
import type {
  RenderedEmail,
  RenderedInApp,
  RenderedText,
  Renderer,
} from '../../templates/renderer.js';
import { sampleRenderContext } from '../../templates/sample-render-context.js';
import type { TemplateKind } from '../../templates/template-source.js';
import { messageRenderContext } from './message-render-context.js';
import { journeysSending, previewTrigger, type PreviewEventSource } from './preview-trigger.js';

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
  /** With a user: where `event` came from, or why there is none. Null for sample data. */
  eventSource: PreviewEventSource | null;
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
 * what their message carries or will carry (see previewTrigger), so "the project 'Website
 * redesign'" shows their own project. Without a user, sample data shaped like the workspace.
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
  let context: RenderContext;
  let user: string | null = null;
  let eventSource: PreviewEventSource | null = null;
  if (request.userId !== undefined) {
    if (!from.store) throw new PreviewNotFoundError(`user ${request.userId}`);
    const profile = await findProfile(from.store, request.userId);
    if (!profile) throw new PreviewNotFoundError(`user ${request.userId}`);
    user = profile.id;
    ({ context, event: eventSource } = await userContext(
      source,
      from.store,
      definitions,
      profile,
      request,
      { kind, now: from.now },
    ));
  } else {
    const journeyId = journeysSending(definitions, request.templateId, kind)[0] ?? null;
    context = sampleContext(from.definitions, journeyId);
  }
  if (request.data) context = merge(context, request.data) as RenderContext;
  const extra = { user, context, eventSource };
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
  { kind, now }: { kind: TemplateKind; now: number },
): Promise<{ context: RenderContext; event: PreviewEventSource }> {
  const account = profile.accounts[0] ? await store.getAccount(profile.accounts[0]) : null;
  const {
    trigger,
    message,
    source: event,
  } = await previewTrigger(store, definitions, profile.id, request.templateId, kind);
  const context = messageRenderContext({
    profile,
    account,
    definitions,
    now,
    trigger,
    journeyId: event.journeyId,
    createdAt: message?.createdAt ?? trigger?.timestamp ?? profile.lastSeen,
    links: buildLinks(source.links, {
      userId: profile.id,
      messageKey: message?.id ?? `preview:${request.templateId}`,
      // A step without a topic takes its template's, as the delivery worker resolves it.
      topic: message?.topic ?? source.renderer.topicOf(kind, request.templateId),
    }),
    workspaceName: source.workspaceName,
  });
  return { context, event };
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
 * qualifier answers (each question's first), persona dimensions (each with its first persona)
 * and the journey that sends the template.
 */
function sampleContext(definitions: LoadedDefinitions | null, journeyId: string | null) {
  const sample = sampleRenderContext();
  if (!definitions) return sample;
  const { milestones, personas, journeys, name, qualifier } = definitions.definitions;
  const names = Object.keys(milestones);
  if (names.length > 0)
    sample.milestones = Object.fromEntries(
      names.map((m, i) => [
        m,
        i === 0 ? { reached: true, reached_at: sample.user.first_seen } : { reached: false },
      ]),
    );
  // Each question's first answer, as each dimension's first persona below.
  sample.answers = Object.fromEntries(
    Object.entries(qualifier?.questions ?? {}).map(([question, { answers }]) => [
      question,
      answers[0]!,
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
