import type { FastifyInstance } from 'fastify';
import { formatIssue } from '../../definitions/index.js';
import { reportJourneyId } from '../../definitions/reports/report-schema.js';
import {
  loadReport,
  previewReport,
  ReportRequestError,
  type ReportRequest,
} from '../../reports/report-preview.js';
import { ReportSource } from '../../reports/report-source.js';
import { TemplateError } from '../../templates/template-error.js';
import { badRequest, HttpError, noWorkspace, notFound } from '../http-error.js';
import { queryParams } from '../query-schema.js';
import { optionalString } from '../query-string.js';
import type { ServerDeps } from '../server.js';

const query = queryParams({
  period: 'a date in the period, YYYY-MM-DD (default: the last complete one on the owner’s clock)',
  recipient: 'account reports: the member the email is for (default: the first admin or owner)',
});

/**
 * Usage reports (docs/reports.md):
 *
 *   GET /reports                               the reports of the running definitions
 *   GET /reports/:id/:ownerId?period=&recipient=          one owner's report for a period
 *   GET /reports/:id/:ownerId/preview?period=&recipient=  its email: subject, html, text
 */
export async function reportRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, workspace, clock } = deps;
  // Comparisons are built once per period from every subject, and reused a few minutes.
  const source = new ReportSource(store, clock);

  app.get('/reports', { schema: { querystring: queryParams({}) } }, async () => {
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    return {
      items: Object.entries(loaded.definitions.reports).map(([id, report]) => ({
        id,
        name: report.name ?? id,
        unit: report.unit,
        period: report.period,
        schedule: report.schedule,
        template: report.template,
        inactive: report.inactive === 'skip' ? 'skip' : report.inactive.template,
        topic: report.topic ?? null,
        holdout: report.holdout,
        journey: reportJourneyId(id),
      })),
    };
  });

  const request = (req: { params: unknown; query: unknown }): ReportRequest => {
    const { id, ownerId } = req.params as { id: string; ownerId: string };
    const q = req.query as Record<string, unknown>;
    const period = optionalString(q, 'period');
    const recipient = optionalString(q, 'recipient');
    if (period !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(period))
      throw badRequest([{ field: 'period', message: 'expected a date, YYYY-MM-DD' }]);
    return {
      reportId: id,
      ownerId,
      ...(period === undefined ? {} : { period }),
      ...(recipient === undefined ? {} : { recipientId: recipient }),
    };
  };

  app.get('/reports/:id/:ownerId', { schema: { querystring: query } }, async (req) => {
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    try {
      return (await loadReport(store, loaded, source, request(req), clock.now())).report;
    } catch (error) {
      throw httpError(error);
    }
  });

  app.get('/reports/:id/:ownerId/preview', { schema: { querystring: query } }, async (req) => {
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    if (!deps.templates) throw notFound('templates (none loaded)');
    try {
      return await previewReport(deps.templates, store, loaded, source, request(req), clock.now());
    } catch (error) {
      throw httpError(error);
    }
  });
}

function httpError(error: unknown): unknown {
  if (error instanceof ReportRequestError)
    return error.status === 404
      ? new HttpError(404, 'not_found', error.message)
      : badRequest([{ field: error.field ?? '', message: error.message }]);
  if (error instanceof TemplateError) {
    const fields = error.issues.map((issue) => ({
      field: `${issue.file}:${issue.line}:${issue.column}${issue.path ? ` ${issue.path}` : ''}`,
      message: issue.message,
    }));
    return new HttpError(400, 'render_error', error.issues.map(formatIssue).join('; '), fields);
  }
  return error;
}
