import type { FastifyInstance } from 'fastify';
import { explainState, readUserState } from '../../engine/state/index.js';
import { findProfile } from '../find-profile.js';
import { noWorkspace, notFound } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { iso } from '../present.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';
import { NO_WORKSPACE, page, routeSchema, time } from '../route-schema.js';
import { USER_ID } from '../schemas/users.js';

const STATE = routeSchema({
  summary:
    'Where the user is, and why: milestones, activation and time to first value, personas with history, stages, score, segments',
  params: USER_ID,
  ok: {
    description: 'The state with the reasons',
    schema: {
      type: 'object',
      properties: {
        milestones: { type: 'object' },
        activation: { type: ['object', 'null'] },
        lifecycle: {},
        engagement: {},
        score: { type: 'object' },
        segments: {},
        nextCheckAt: time,
      },
    },
  },
  errors: { 404: 'No such user', ...NO_WORKSPACE },
});

const SEGMENTS = routeSchema({
  summary: 'Segment definitions with their member counts',
  ok: {
    description: 'The segments',
    schema: {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              description: { type: ['string', 'null'] },
              rule: { type: 'object' },
              members: { type: 'integer' },
            },
          },
        },
      },
    },
  },
  errors: NO_WORKSPACE,
});

/** Where each user is, and why: milestones, activation, persona, stages, score, segments. */
export async function stateRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, workspace, clock } = deps;

  app.get('/users/:id/state', { schema: STATE }, async (request) => {
    const definitions = workspace.definitions;
    if (!definitions) throw noWorkspace();
    const { id } = request.params as { id: string };
    const profile = await findProfile(store, id);
    if (!profile) throw notFound(`user ${JSON.stringify(id)}`);
    const accounts = (await Promise.all(profile.accounts.map((a) => store.getAccount(a)))).flatMap(
      (a) => (a ? [a] : []),
    );
    const now = clock.now();
    const stored = readUserState(profile.state);
    const why = explainState({ definitions, profile, accounts, now });
    const state = why.state;
    return {
      userId: profile.id,
      at: iso(now),
      definitionsVersion: definitions.version,
      storedVersion: stored.definitionsVersion || null,
      signupAt: iso(state.signupAt),
      milestones: Object.fromEntries(
        Object.entries(state.milestones).map(([name, m]) => [name, { ...m, at: iso(m.at) }]),
      ),
      activation: state.activation && {
        status: state.activation.status,
        at: iso(state.activation.at),
        deadline: iso(state.activation.deadline),
        timeToFirstValueMs:
          state.activation.at !== null && state.signupAt !== null
            ? state.activation.at - state.signupAt
            : null,
      },
      answers: Object.fromEntries(
        Object.entries(state.answers).map(([question, a]) => [question, { ...a, at: iso(a.at) }]),
      ),
      personas: Object.fromEntries(
        Object.entries(why.personas).map(([dimension, e]) => [
          dimension,
          {
            ...e,
            history: (state.personas[dimension]?.history ?? []).map((h) => ({
              ...h,
              at: iso(h.at),
            })),
          },
        ]),
      ),
      lifecycle: why.lifecycle,
      engagement: why.engagement,
      score: { now: why.score, thresholds: state.thresholds },
      segments: why.segments,
      nextCheckAt: iso(state.nextCheckAt),
    };
  });

  app.get('/segments', { schema: SEGMENTS }, async () => {
    const definitions = workspace.definitions;
    if (!definitions) throw noWorkspace();
    const counts = await store.segmentCounts();
    return {
      items: Object.entries(definitions.definitions.segments ?? {}).map(([id, segment]) => ({
        id,
        description: segment.description ?? null,
        rule: segment.when,
        members: counts[id] ?? 0,
      })),
    };
  });

  app.get(
    '/segments/:id/members',
    {
      schema: routeSchema({
        summary: "A page of a segment's members with when they entered",
        params: { id: 'segment name' },
        querystring: queryParams(PAGE_PARAMS),
        ok: {
          description: 'A page of members',
          schema: page({
            type: 'object',
            properties: { userId: { type: 'string' }, enteredAt: time },
          }),
        },
        errors: { 404: 'No such segment', ...NO_WORKSPACE },
      }),
    },
    async (request) => {
      const definitions = workspace.definitions;
      if (!definitions) throw noWorkspace();
      const { id } = request.params as { id: string };
      if (!Object.hasOwn(definitions.definitions.segments ?? {}, id))
        throw notFound(`segment ${JSON.stringify(id)}`);
      const page = await store.segmentMembers(
        id,
        pageRequest(request.query as Record<string, unknown>),
      );
      return {
        items: page.items.map((m) => ({ userId: m.profileId, enteredAt: iso(m.enteredAt) })),
        next: page.next,
      };
    },
  );
}
