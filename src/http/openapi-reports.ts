import { admin, idParam, needsWorkspace, queryParam } from './openapi-helpers.js';

/** The OpenAPI part of the usage report routes (routes/reports.ts, docs/reports.md). */
export function reportPaths() {
  const params = [
    idParam('the report id (reports: in cairn.yaml)'),
    {
      name: 'ownerId',
      in: 'path',
      required: true,
      description: 'a user id (unit user) or an account id (unit account)',
      schema: { type: 'string' },
    },
    queryParam('period', 'A date in the period (YYYY-MM-DD); default: the last complete one'),
    queryParam('recipient', 'Account reports: the member the email is for (default: an admin)'),
  ];
  const report = { type: 'object', description: 'The report object (docs/api.md)' };
  const nullable = { type: ['string', 'null'] };
  return {
    '/api/reports': needsWorkspace(
      admin('Every usage report of the running definitions', {
        type: 'object',
        properties: { items: { type: 'array', items: { type: 'object' } } },
      }),
    ),
    '/api/reports/{id}/{ownerId}': needsWorkspace(
      admin('A usage report’s content for one owner and period', report, params),
    ),
    '/api/reports/{id}/{ownerId}/preview': needsWorkspace(
      admin(
        'The email a usage report would be for one owner and period',
        {
          type: 'object',
          properties: {
            report,
            variant: { type: 'string', enum: ['report', 'inactive', 'skipped'] },
            template: nullable,
            subject: nullable,
            preheader: nullable,
            html: nullable,
            text: nullable,
          },
        },
        params,
      ),
    ),
  };
}
