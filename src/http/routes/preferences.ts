import type { FastifyInstance, FastifyReply } from 'fastify';
import { isSubscribed, preferenceChanges } from '../../consent/consent-changes.js';
import { LINK_ROUTES } from '../../consent/link-routes.js';
import { topicLabel, type Topics } from '../../definitions/index.js';
import { changeConsent } from '../../runtime/consent/change-consent.js';
import type { ConsentRecord } from '../../store/store.js';
import { acceptForms, formFields } from '../form-body.js';
import { escapeHtml, html, sendPage } from '../link-page.js';
import { linkClaims, productName } from '../link-token.js';
import type { ServerDeps } from '../server.js';
import { html as htmlAnswer } from '../route-schema.js';
import { form, linkSchema } from '../schemas/links.js';

const PAGE = linkSchema({
  summary: 'Preference page: every declared topic with its state, and all marketing',
  ok: htmlAnswer('The preference form'),
});

const SAVE = linkSchema({
  summary: 'Saves the preference form',
  body: form({
    type: 'object',
    required: ['form'],
    properties: {
      form: { const: 'preferences' },
      topic: {
        type: 'array',
        items: { type: 'string' },
        description: 'Each ticked topic; a declared topic left out is unsubscribed',
      },
      all: { const: 'off', description: 'All marketing emails off' },
    },
  }),
  ok: htmlAnswer('Saved; the page again with the new state'),
  answers: {
    400: htmlAnswer('Invalid token, or not the form of the page; nothing is written'),
  },
});

/**
 * The preference page (`links.preferences`): no login, the signed message token is the key.
 *
 *   GET  /l/p/:token   every declared topic with its current state, and "unsubscribe from all
 *                      marketing emails"
 *   POST /l/p/:token   saves the form (form-urlencoded):
 *                        form=preferences   always sent: the form states every topic, and a
 *                                           browser sends no field for an unticked box
 *                        topic=<id>         once per ticked topic
 *                        all=off            all marketing emails off
 *
 * Plain HTML that works without JavaScript; every value shown is escaped. Changes become
 * `Unsubscribed` / `Subscribed` events, one per topic that changed.
 */
const PATH = `${LINK_ROUTES.preferences}:token`;

export async function preferenceRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  await acceptForms(app);

  app.get(PATH, { schema: PAGE }, async (request, reply) => {
    const claims = await linkClaims(deps, request, reply, 'message', 'unsubscribe');
    if (!claims) return reply;
    const profileId = (await deps.store.resolveProfileId(claims.userId)) ?? claims.userId;
    return showPage(deps, reply, await deps.store.getConsent(profileId), null);
  });

  app.post(PATH, { schema: SAVE }, async (request, reply) => {
    const claims = await linkClaims(deps, request, reply, 'message', 'unsubscribe');
    if (!claims) return reply;
    const fields = formFields(request);
    const profileId = (await deps.store.resolveProfileId(claims.userId)) ?? claims.userId;
    if (fields.form?.[0] !== 'preferences') {
      const current = await deps.store.getConsent(profileId);
      return showPage(deps, reply, current, 'Nothing was saved: send the form on this page.', 400);
    }
    const topics = topicsOf(deps);
    const current = await deps.store.getConsent(profileId);
    const changes = preferenceChanges(
      current,
      { unsubscribedAll: fields.all?.[0] === 'off', subscribed: new Set(fields.topic ?? []) },
      topics,
    );
    const { record } = await changeConsent(deps.store, deps.workspace, {
      profileId,
      changes,
      via: 'preferences',
      messageKey: claims.messageKey ?? null,
      now: deps.clock.now(),
    });
    return showPage(deps, reply, record, 'Your preferences are saved.');
  });
}

function topicsOf(deps: ServerDeps): Topics {
  return deps.workspace.definitions?.definitions.topics ?? {};
}

function showPage(
  deps: ServerDeps,
  reply: FastifyReply,
  consent: ConsentRecord | null,
  status: string | null,
  code = 200,
) {
  const topics = topicsOf(deps);
  const product = escapeHtml(productName(deps));
  const options = Object.entries(topics).map(([id, topic], i) => {
    const checked = isSubscribed(consent, id, topics) ? ' checked' : '';
    const hint = topic.description
      ? `<span class="hint" id="topic-${i}-hint">${escapeHtml(topic.description)}</span>`
      : '';
    const described = topic.description ? ` aria-describedby="topic-${i}-hint"` : '';
    return `<div class="option"><input type="checkbox" id="topic-${i}" name="topic" value="${escapeHtml(id)}"${checked}${described}>
<label for="topic-${i}">${escapeHtml(topicLabel(id, topic))}${hint}</label></div>`;
  });
  const allOff = consent?.unsubscribedAll ? ' checked' : '';
  const message = status
    ? `<p class="status${code >= 400 ? ' error' : ''}" role="status">${escapeHtml(status)}</p>`
    : '';
  const topicList = options.length
    ? `<fieldset><legend>Emails you receive</legend>${options.join('\n')}</fieldset>`
    : '';
  return sendPage(reply, code, {
    title: 'Email preferences',
    product: productName(deps),
    body: html(`${message}
<form method="post">
<input type="hidden" name="form" value="preferences">
${topicList}
<fieldset><legend>All marketing</legend>
<div class="option"><input type="checkbox" id="all-off" name="all" value="off"${allOff} aria-describedby="all-off-hint">
<label for="all-off">Unsubscribe from all marketing emails from ${product}<span class="hint" id="all-off-hint">Overrides the choices above. Receipts and account messages still arrive.</span></label></div>
</fieldset>
<button type="submit">Save preferences</button>
</form>`),
  });
}
