import { METRIC_PARAMS, METRICS, PARAM_HELP } from '../analytics/params.js';
import { admin, needsWorkspace, queryParam } from './openapi-helpers.js';

const SUMMARY: Record<(typeof METRICS)[number], string> = {
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

/** The OpenAPI part of the analytics routes (routes/analytics.ts), from the parameter table. */
export const analyticsPaths = Object.fromEntries(
  METRICS.map((metric) => [
    `/api/analytics/${metric}`,
    needsWorkspace(
      admin(
        SUMMARY[metric],
        {
          type: 'object',
          required: ['metric', 'asOf', 'range', 'filters', 'definitions', 'result'],
          properties: {
            metric: { const: metric },
            asOf: { type: 'string', format: 'date-time' },
            range: { type: ['object', 'null'] },
            filters: { type: 'object', description: 'The parameters as applied' },
            definitions: { type: 'object', description: 'What each number means, in words' },
            result: { type: 'object' },
          },
        },
        METRIC_PARAMS[metric].map((p) => queryParam(p, PARAM_HELP[p])),
      ),
    ),
  ]),
);
