import type { FastifyInstance, FastifyRequest } from 'fastify';
import { METRIC_PARAMS, METRICS, PARAM_HELP, type MetricName } from '../../analytics/params.js';
import { analysesOf } from '../analyses/runner.js';
import { noWorkspace } from '../http-error.js';
import { queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';
import { acceptedStaleness, answerAnalysis } from '../analysis-answer.js';
import type { Also, AnswerCache } from '../answer-cache.js';
import { analysisAnswer, KEPT_ANSWER } from '../schemas/analysis.js';
import { NO_WORKSPACE, routeSchema } from '../route-schema.js';

const SUMMARY: Record<MetricName, string> = {
  activation:
    'Activation rate per group (Wilson 95 % intervals), pending users, time to first value (median, p75, p90) and the milestone funnel',
  conversion: 'Trial → paid conversion (as declared in cairn.yaml) per group, and time to convert',
  retention:
    'Cohort retention table (on / on or after), weighted and simple means, D1/D7/D30/D90, and the units of a cell',
  adoption:
    "Per event or milestone: share of the period's active users (or accounts) who did it, and its change",
  lifecycle: 'Users per lifecycle and engagement stage per period, and the moves between stages',
  messages:
    'Sent, delivered, opened (inflated by privacy proxies), clicked, unsubscribed, bounced, complained per template, journey or channel',
};

/**
 * `GET /api/analytics/<metric>`: activation, conversion, retention, adoption, lifecycle,
 * messages — computed from what the store holds at the time of the request, with the range,
 * filters and definitions used echoed in the answer. Parameters: src/analytics/params.ts
 * (unknown or repeated ones are a 400 naming the field).
 */
export async function analyticsRoutes(
  app: FastifyInstance,
  { deps, answers }: { deps: ServerDeps; answers: AnswerCache },
) {
  const { workspace, clock } = deps;
  const analyses = analysesOf(deps);

  // One route per metric, each declaring its parameters (query-schema.ts): any other is a 400
  // naming it, and the OpenAPI document describes exactly what is served.
  for (const metric of METRICS) {
    const params = Object.fromEntries(METRIC_PARAMS[metric].map((p) => [p, PARAM_HELP[p]]));
    const schema = routeSchema({
      summary: SUMMARY[metric],
      querystring: queryParams(params),
      ok: {
        description: `The ${metric} figures with what they mean`,
        schema: analysisAnswer(metric),
      },
      errors: NO_WORKSPACE,
    });
    answers.define(`${app.prefix}/analytics/${metric}`, compute(metric));
    app.get(`/analytics/${metric}`, { schema }, (request) => answer(metric, request));
  }

  // The dashboard's overview page: its seven figures in one call, reading each thing once.
  app.get(
    '/analytics/overview',
    {
      schema: routeSchema({
        summary:
          'Activation, conversion and messages for the last 30 days and the 30 before, and retention, in one answer (each part as its own route answers it)',
        querystring: queryParams({}),
        ok: {
          description: 'The overview figures',
          schema: {
            type: 'object',
            required: ['metric', 'asOf', 'range', 'current', 'previous', 'retention'],
            properties: {
              metric: { const: 'overview' },
              asOf: { type: 'string', format: 'date-time' },
              range: { type: 'object' },
              current: { type: 'object', description: 'activation, conversion, messages' },
              previous: { type: 'object', description: 'the same for the 30 days before' },
              retention: { type: 'object' },
              ...KEPT_ANSWER,
            },
          },
        },
        errors: NO_WORKSPACE,
      }),
    },
    (request) => {
      if (!workspace.definitions) throw noWorkspace();
      return answerAnalysis(answers, OVERVIEW_PATH, request.query, overview, {
        acceptStale: acceptedStaleness(request.headers),
      });
    },
  );

  answers.define(OVERVIEW_PATH, overview);

  async function overview() {
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    return analyses.run(OVERVIEW_PATH, {}, loaded.definitions, clock.now(), () => {});
  }

  async function answer(metric: MetricName, request: FastifyRequest) {
    if (!workspace.definitions) throw noWorkspace();
    return answerAnalysis(answers, request.routeOptions.url!, request.query, compute(metric), {
      acceptStale: acceptedStaleness(request.headers),
    });
  }

  function compute(metric: MetricName) {
    return async (raw: Record<string, string>, also: Also) => {
      const loaded = workspace.definitions;
      if (!loaded) throw noWorkspace();
      const path = `${app.prefix}/analytics/${metric}`;
      return analyses.run(path, raw, loaded.definitions, clock.now(), also);
    };
  }
}

const OVERVIEW_PATH = '/api/analytics/overview';
