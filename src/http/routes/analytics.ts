import type { FastifyInstance } from 'fastify';
import { AnalyticsInputError } from '../../analytics/analytics-input-error.js';
import {
  METRIC_PARAMS,
  METRICS,
  PARAM_HELP,
  type MetricName,
  type RawParams,
} from '../../analytics/params.js';
import { runAnalytics } from '../../analytics/run-analytics.js';
import { badRequest, noWorkspace } from '../http-error.js';
import { queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';

/**
 * `GET /api/analytics/<metric>`: activation, conversion, retention, adoption, lifecycle,
 * messages — computed from what the store holds at the time of the request, with the range,
 * filters and definitions used echoed in the answer. Parameters: src/analytics/params.ts
 * (unknown or repeated ones are a 400 naming the field).
 */
export async function analyticsRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, workspace, clock } = deps;

  // One route per metric, each declaring its parameters (query-schema.ts): any other is a 400
  // naming it, and the OpenAPI document describes exactly what is served.
  for (const metric of METRICS) {
    const params = Object.fromEntries(METRIC_PARAMS[metric].map((p) => [p, PARAM_HELP[p]]));
    app.get(`/analytics/${metric}`, { schema: { querystring: queryParams(params) } }, (request) =>
      answer(metric, request.query as Record<string, unknown>),
    );
  }

  async function answer(metric: MetricName, query: Record<string, unknown>) {
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    const raw: Record<string, string> = Object.create(null);
    for (const [name, value] of Object.entries(query)) {
      if (typeof value !== 'string') {
        throw badRequest([{ field: name, message: 'expected one value' }]);
      }
      raw[name] = value;
    }
    try {
      return await runAnalytics(
        metric as MetricName,
        { store: store.analytics, definitions: loaded.definitions, now: clock.now() },
        raw as RawParams,
      );
    } catch (error) {
      if (error instanceof AnalyticsInputError) {
        throw badRequest([
          { field: error.field, message: error.message.slice(error.field.length + 2) },
        ]);
      }
      throw error;
    }
  }
}
