import { SIGNAL_PARAM_HELP, SIGNAL_PARAMS, SIGNALS } from '../signals/signal-params.js';
import { admin, needsWorkspace, queryParam } from './openapi-helpers.js';

const SUMMARY: Record<(typeof SIGNALS)[number], string> = {
  signal:
    'The 48-hour signal: users split by a rule over their first hours, D30 retention and conversion per side with the difference (Newcombe 95 %), and a scan of "did X at least k times within h hours" ranked by phi or odds ratio',
  audit:
    'The qualification audit: top vs bottom 20 % of users or accounts by an outcome on every attribute (shares, difference, odds ratio, Fisher p, Benjamini–Hochberg q), any row as a cairn.yaml segment',
  'churn-risk':
    'Churn risk before churn: users or accounts whose active days or score fell (last N days vs the N before), or a segment’s members, with the facts, by account value',
};

/** The OpenAPI part of the signal routes (routes/signals.ts), from the parameter table. */
export const signalPaths = Object.fromEntries(
  SIGNALS.map((name) => [
    `/api/analytics/${name}`,
    needsWorkspace(
      admin(
        SUMMARY[name],
        {
          type: 'object',
          required: ['metric', 'asOf', 'range', 'filters', 'definitions', 'result'],
          properties: {
            metric: { const: name },
            asOf: { type: 'string', format: 'date-time' },
            range: { type: ['object', 'null'] },
            filters: { type: 'object', description: 'The parameters as applied' },
            definitions: { type: 'object', description: 'What each number means, in words' },
            result: {
              type: 'object',
              description: 'See docs/api.md (Signals) and docs/signals.md',
            },
          },
        },
        SIGNAL_PARAMS[name].map((p) => queryParam(p, SIGNAL_PARAM_HELP[name][p]!)),
      ),
    ),
  ]),
);
