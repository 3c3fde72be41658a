import type { FastifyInstance, FastifyRequest } from 'fastify';
import { analysesOf } from '../analyses/runner.js';
import {
  SIGNAL_PARAM_HELP,
  SIGNAL_PARAMS,
  SIGNALS,
  type SignalName,
} from '../../signals/signal-params.js';
import { noWorkspace } from '../http-error.js';
import { queryParams } from '../query-schema.js';
import { NO_WORKSPACE, routeSchema } from '../route-schema.js';
import type { ServerDeps } from '../server.js';
import { acceptedStaleness, answerAnalysis } from '../analysis-answer.js';
import type { Also, AnswerCache } from '../answer-cache.js';
import { analysisAnswer } from '../schemas/analysis.js';

const SUMMARY: Record<(typeof SIGNALS)[number], string> = {
  signal:
    'The 48-hour signal: users split by a rule over their first hours, D30 retention and conversion per side with the difference (Newcombe 95 %), and a scan of "did X at least k times within h hours" ranked by phi or odds ratio',
  audit:
    'The qualification audit: top vs bottom 20 % of users or accounts by an outcome on every attribute (shares, difference, odds ratio, Fisher p, Benjamini–Hochberg q), any row as a cairn.yaml segment',
  'churn-risk':
    'Churn risk before churn: users or accounts whose active days or score fell (last N days vs the N before), or a segment’s members, with the facts, by account value',
};

/**
 * `GET /api/analytics/signal`, `/audit`, `/churn-risk` (src/signals): computed from what the
 * store holds at the request, with the parameters and definitions echoed. Parameters:
 * src/signals/signal-params.ts (unknown or repeated ones are a 400 naming the field).
 */
export async function signalRoutes(
  app: FastifyInstance,
  { deps, answers }: { deps: ServerDeps; answers: AnswerCache },
) {
  const { workspace, clock } = deps;
  const analyses = analysesOf(deps);
  for (const name of SIGNALS) {
    const params = Object.fromEntries(
      SIGNAL_PARAMS[name].map((p) => [p, SIGNAL_PARAM_HELP[name][p]!]),
    );
    const schema = routeSchema({
      summary: SUMMARY[name],
      querystring: queryParams(params),
      ok: {
        description: `The ${name} analysis with what it means`,
        schema: analysisAnswer(name, {
          type: 'object',
          description: 'See docs/api.md (Signals) and docs/signals.md',
        }),
      },
      errors: NO_WORKSPACE,
    });
    answers.define(`${app.prefix}/analytics/${name}`, compute(name));
    app.get(`/analytics/${name}`, { schema }, (request) => answer(name, request));
  }

  async function answer(name: SignalName, request: FastifyRequest) {
    if (!workspace.definitions) throw noWorkspace();
    return answerAnalysis(answers, request.routeOptions.url!, request.query, compute(name), {
      acceptStale: acceptedStaleness(request.headers),
    });
  }

  /**
   * How an answer is computed (analyses/compute.ts). The split and the audit keep the units
   * behind their numbers beside the answer (`also`), so the first click on a group or a count
   * reads the list the number was counted from.
   */
  function compute(name: SignalName) {
    return async (raw: Record<string, string>, also: Also) => {
      const loaded = workspace.definitions;
      if (!loaded) throw noWorkspace();
      const path = `${app.prefix}/analytics/${name}`;
      return analyses.run(path, raw, loaded.definitions, clock.now(), also);
    };
  }
}
