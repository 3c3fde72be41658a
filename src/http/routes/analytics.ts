import type { FastifyInstance } from 'fastify';
import { AnalyticsInputError } from '../../analytics/analytics-input-error.js';
import { METRICS, type MetricName, type RawParams } from '../../analytics/params.js';
import { runAnalytics } from '../../analytics/run-analytics.js';
import { badRequest, noWorkspace, notFound } from '../http-error.js';
import type { ServerDeps } from '../server.js';

/**
 * `GET /api/analytics/<metric>`: activation, conversion, retention, adoption, lifecycle,
 * messages — computed from what the store holds at the time of the request, with the range,
 * filters and definitions used echoed in the answer. Parameters: src/analytics/params.ts
 * (unknown or repeated ones are a 400 naming the field).
 */
export async function analyticsRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, workspace, clock } = deps;

  app.get('/analytics/:metric', async (request) => {
    const { metric } = request.params as { metric: string };
    if (!METRICS.includes(metric as MetricName)) {
      throw notFound(`metric ${JSON.stringify(metric)} (one of ${METRICS.join(', ')})`);
    }
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    const raw: Record<string, string> = Object.create(null);
    for (const [name, value] of Object.entries(request.query as Record<string, unknown>)) {
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
  });
}
