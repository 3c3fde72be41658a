import type { FastifyInstance } from 'fastify';
import { AnalyticsInputError } from '../../analytics/analytics-input-error.js';
import type { RawParams } from '../../analytics/params.js';
import { runSignals } from '../../signals/run-signals.js';
import {
  SIGNAL_PARAM_HELP,
  SIGNAL_PARAMS,
  SIGNALS,
  type SignalName,
} from '../../signals/signal-params.js';
import { badRequest, noWorkspace } from '../http-error.js';
import { queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';

/**
 * `GET /api/analytics/signal`, `/audit`, `/churn-risk` (src/signals): computed from what the
 * store holds at the request, with the parameters and definitions echoed. Parameters:
 * src/signals/signal-params.ts (unknown or repeated ones are a 400 naming the field).
 */
export async function signalRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, workspace, clock } = deps;
  for (const name of SIGNALS) {
    const params = Object.fromEntries(
      SIGNAL_PARAMS[name].map((p) => [p, SIGNAL_PARAM_HELP[name][p]!]),
    );
    app.get(`/analytics/${name}`, { schema: { querystring: queryParams(params) } }, (request) =>
      answer(name, request.query as Record<string, unknown>),
    );
  }

  async function answer(name: SignalName, query: Record<string, unknown>) {
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    const raw: Record<string, string> = Object.create(null);
    for (const [key, value] of Object.entries(query)) {
      if (typeof value !== 'string')
        throw badRequest([{ field: key, message: 'expected one value' }]);
      raw[key] = value;
    }
    try {
      return await runSignals(
        name,
        {
          analytics: store.analytics,
          signals: store.signals,
          definitions: loaded.definitions,
          now: clock.now(),
        },
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
