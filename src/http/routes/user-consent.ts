import type { FastifyInstance } from 'fastify';
import { isSubscribed, type ConsentChange } from '../../consent/consent-changes.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import { topicLabel, type Topics } from '../../definitions/index.js';
import type { FieldError } from '../../ingest/field-error.js';
import { changeConsent } from '../../runtime/consent/change-consent.js';
import type { ConsentRecord } from '../../store/store.js';
import { findProfile } from '../find-profile.js';
import { badRequest, notFound } from '../http-error.js';
import { iso } from '../present.js';
import type { ServerDeps } from '../server.js';
import { routeSchema } from '../route-schema.js';
import { CONSENT, CONSENT_CHANGE } from '../schemas/consent.js';
import { USER_ID } from '../schemas/users.js';

const UNSUBSCRIBE = routeSchema({
  summary: 'Unsubscribe (or resubscribe) a user from a topic or from all marketing',
  params: USER_ID,
  body: CONSENT_CHANGE,
  ok: { description: "The user's consent after the change", schema: CONSENT },
  errors: { 404: 'No such user' },
});

const CONSENT_OF = routeSchema({
  summary:
    "The user's consent: every declared topic with its state, all-marketing, suppressed channels",
  params: USER_ID,
  ok: { description: "The user's consent", schema: CONSENT },
  errors: { 404: 'No such user' },
});

/**
 * Consent for products that manage it themselves (their own settings page, a CRM sync), on the
 * admin API:
 *
 *   POST /api/users/:id/unsubscribe
 *     { topic?: string, all?: boolean, resubscribe?: boolean }
 *       topic        a declared topic: leave it (or join it, with resubscribe)
 *       all: true    all marketing messages instead of one topic
 *       resubscribe  true: undo (join the topic, or allow marketing again); default false
 *     one of topic and `all: true`; answers the user's consent as GET does
 *   GET  /api/users/:id/consent
 *
 * A bounce or complaint (the suppressed channels) is not lifted by resubscribing: it says the
 * address does not take mail, not what the user wants.
 */
const FIELDS = ['topic', 'all', 'resubscribe'];

export async function userConsentRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, workspace, clock } = deps;
  const topics = (): Topics => workspace.definitions?.definitions.topics ?? {};

  app.post('/users/:id/unsubscribe', { schema: UNSUBSCRIBE }, async (request) => {
    const change = readChange(request.body, workspace.definitions ? topics() : null);
    const { id } = request.params as { id: string };
    const profile = await findProfile(store, id);
    if (!profile) throw notFound(`user ${JSON.stringify(id)}`);
    const { record } = await changeConsent(store, workspace, {
      profileId: profile.id,
      changes: [change],
      via: 'api',
      messageKey: null,
      now: clock.now(),
    });
    return presentConsent(profile.id, record, topics());
  });

  app.get('/users/:id/consent', { schema: CONSENT_OF }, async (request) => {
    const { id } = request.params as { id: string };
    const profile = await findProfile(store, id);
    if (!profile) throw notFound(`user ${JSON.stringify(id)}`);
    return presentConsent(profile.id, await store.getConsent(profile.id), topics());
  });
}

/** The body as one change, or 400 naming every field at fault. `topics` null: none loaded. */
function readChange(body: unknown, topics: Topics | null): ConsentChange {
  if (!isPlainObject(body)) throw badRequest([{ field: 'body', message: 'must be a JSON object' }]);
  const errors: FieldError[] = [];
  for (const key of Object.keys(body))
    if (!FIELDS.includes(key))
      errors.push({ field: key, message: `unknown field; allowed: ${FIELDS.join(', ')}` });
  const { topic, all, resubscribe } = body as Record<string, unknown>;
  if (all !== undefined && typeof all !== 'boolean')
    errors.push({ field: 'all', message: 'must be true or false' });
  if (resubscribe !== undefined && typeof resubscribe !== 'boolean')
    errors.push({ field: 'resubscribe', message: 'must be true or false' });
  if (topic !== undefined) {
    if (typeof topic !== 'string' || topic === '')
      errors.push({ field: 'topic', message: 'must be a topic name' });
    else if (all === true)
      errors.push({ field: 'all', message: 'give a topic or all: true, not both' });
    else if (topics === null)
      errors.push({ field: 'topic', message: 'no topics: no workspace definitions are loaded' });
    else if (!Object.hasOwn(topics, topic))
      errors.push({
        field: 'topic',
        message: `unknown topic; declared: ${Object.keys(topics).join(', ') || 'none'}`,
      });
  } else if (all !== true && !errors.some((e) => e.field === 'all'))
    errors.push({ field: 'topic', message: 'is required unless all is true' });
  if (errors.length) throw badRequest(errors);
  return {
    subscribed: resubscribe === true,
    topic: all === true ? null : (topic as string),
  };
}

/** Consent as the API shows it: every declared topic with its state, and the raw lists. */
export function presentConsent(profileId: string, record: ConsentRecord | null, topics: Topics) {
  return {
    userId: profileId,
    unsubscribedAll: record?.unsubscribedAll ?? false,
    topics: Object.entries(topics).map(([id, topic]) => ({
      id,
      name: topicLabel(id, topic),
      description: topic.description ?? null,
      default: topic.default,
      subscribed: isSubscribed(record, id, topics),
    })),
    unsubscribedTopics: record?.unsubscribedTopics ?? [],
    subscribedTopics: record?.subscribedTopics ?? [],
    suppressedChannels: record?.suppressedChannels ?? [],
    updatedAt: iso(record?.updatedAt ?? null),
  };
}
