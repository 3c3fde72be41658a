import { html, routeSchema, type Answer, type RouteDoc } from '../route-schema.js';

/**
 * The routes behind the signed links in messages (routes/unsubscribe.ts, preferences.ts,
 * view-in-browser.ts, tracking.ts): no key, the token in the path is the authority; they answer
 * HTML pages, and a token malformed, tampered with or expired is a 400 page.
 */
export function linkSchema(doc: {
  summary: string;
  ok: Answer;
  token?: string;
  body?: RouteDoc['body'];
  answers?: Record<number, Answer>;
}) {
  return routeSchema({
    tags: ['links'],
    summary: doc.summary,
    params: { token: `The signed ${doc.token ?? 'message'} token from the link` },
    ...(doc.body ? { body: doc.body } : {}),
    ok: doc.ok,
    answers: {
      400: html('The token is malformed, tampered with or expired; nothing is written'),
      ...doc.answers,
    },
  });
}

/** A form as the pages post it (form-body.ts reads both encodings). */
export const form = (schema: object) => ({
  content: {
    'application/x-www-form-urlencoded': { schema },
    'multipart/form-data': { schema },
  },
});
