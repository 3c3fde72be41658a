import { admin, adminPost, errorResponse, idParam, json, ref, time } from './openapi-helpers.js';

/**
 * The OpenAPI part of consent and engagement: the public routes behind the signed links in
 * messages (routes/unsubscribe.ts, preferences.ts, view-in-browser.ts, tracking.ts), the consent
 * routes of the admin API (user-consent.ts) and the dev outbox (outbox.ts).
 */
const token = (what: string) => ({
  name: 'token',
  in: 'path',
  required: true,
  description: `The signed ${what} token from the link`,
  schema: { type: 'string' },
});
const messageToken = [token('message')];
const htmlPage = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});
const invalidLink = htmlPage(
  'The token is malformed, tampered with or expired; nothing is written',
);
const form = (schema: object) => ({
  required: false,
  content: {
    'application/x-www-form-urlencoded': { schema },
    'multipart/form-data': { schema },
  },
});
const link = (summary: string, extra: object = {}) => ({
  tags: ['links'],
  summary,
  parameters: messageToken,
  ...extra,
});

export const consentPaths = {
  '/l/u/{token}': {
    get: link(
      'Unsubscribe confirmation page with one button (a GET never unsubscribes: scanners follow links)',
      { responses: { 200: htmlPage('The confirmation page'), 400: invalidLink } },
    ),
    post: link(
      "RFC 8058 one-click unsubscribe: leaves the message's topic, or all marketing when it has none",
      {
        requestBody: form({
          type: 'object',
          properties: { 'List-Unsubscribe': { const: 'One-Click' } },
        }),
        responses: {
          200: htmlPage('Unsubscribed (also when already unsubscribed)'),
          400: invalidLink,
        },
      },
    ),
  },
  '/l/p/{token}': {
    get: link('Preference page: every declared topic with its state, and all marketing', {
      responses: { 200: htmlPage('The preference form'), 400: invalidLink },
    }),
    post: link('Saves the preference form', {
      requestBody: form({
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
      responses: {
        200: htmlPage('Saved; the page again with the new state'),
        400: htmlPage('Invalid token, or not the form of the page; nothing is written'),
      },
    }),
  },
  '/l/v/{token}': {
    get: link('View the email in a browser: its template rendered again for its recipient', {
      responses: {
        200: htmlPage("The email's HTML"),
        400: invalidLink,
        404: htmlPage('Not an email, no longer in the log, or its template is gone'),
      },
    }),
  },
  '/l/o/{token}': {
    get: link(
      'Open pixel: records `Email Opened` (first open of a message) unless tracking is off',
      {
        responses: {
          200: { description: 'A 1×1 GIF, never cached', content: { 'image/gif': {} } },
          400: invalidLink,
        },
      },
    ),
  },
  '/l/c/{token}': {
    get: {
      tags: ['links'],
      summary:
        'Tracked link: records `Email Clicked` with the url (once per link and message), then redirects',
      parameters: [token('click')],
      responses: {
        302: { description: 'To the destination signed in the token (Location)' },
        400: invalidLink,
      },
    },
  },
  '/api/users/{id}/consent': admin(
    "The user's consent: every declared topic with its state, all-marketing, suppressed channels",
    ref('Consent'),
    [idParam('userId, or an anonymousId merged into the user')],
  ),
  '/api/users/{id}/unsubscribe': adminPost({
    summary: 'Unsubscribe (or resubscribe) a user from a topic or from all marketing',
    parameters: [idParam('userId, or an anonymousId merged into the user')],
    requestBody: { required: true, ...json(ref('ConsentChange')) },
    ok: { description: "The user's consent after the change", schema: ref('Consent') },
    errors: {
      400: 'Invalid body: `fields` names each field at fault',
      404: 'No such user',
    },
  }),
  '/api/outbox': admin(
    'The dev outbox (no SMTP_URL): newest messages first',
    {
      type: 'object',
      properties: { items: { type: 'array', items: ref('OutboxEntry') } },
    },
    [
      {
        name: 'limit',
        in: 'query',
        schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
      },
    ],
  ),
  '/api/outbox/{id}': {
    get: {
      ...admin('One dev-outbox message: the raw .eml', {}, [idParam('the outbox id')]).get,
      responses: {
        200: { description: 'The message', content: { 'message/rfc822': {} } },
        401: errorResponse('Missing or wrong admin key'),
        404: errorResponse('No such message, or no outbox (`no_outbox`: SMTP is configured)'),
      },
    },
  },
};

export const consentSchemas = {
  ConsentChange: {
    type: 'object',
    additionalProperties: false,
    properties: {
      topic: { type: 'string', description: 'A declared topic' },
      all: { type: 'boolean', description: 'All marketing messages instead of one topic' },
      resubscribe: { type: 'boolean', default: false, description: 'Join instead of leave' },
    },
  },
  Consent: {
    type: 'object',
    properties: {
      userId: { type: 'string' },
      unsubscribedAll: { type: 'boolean' },
      topics: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            description: { type: ['string', 'null'] },
            default: { enum: ['subscribed', 'unsubscribed'] },
            subscribed: { type: 'boolean' },
          },
        },
      },
      unsubscribedTopics: { type: 'array', items: { type: 'string' } },
      subscribedTopics: { type: 'array', items: { type: 'string' } },
      suppressedChannels: { type: 'array', items: { type: 'string' } },
      updatedAt: time,
    },
  },
  OutboxEntry: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      date: time,
      from: { type: 'string' },
      to: { type: 'string' },
      subject: { type: 'string' },
      size: { type: 'integer' },
    },
  },
};
