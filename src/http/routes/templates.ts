import type { FastifyInstance } from 'fastify';
import { isPlainObject } from '../../core/is-plain-object.js';
import type { JsonObject } from '../../core/types.js';
import { formatIssue } from '../../definitions/index.js';
import type { FieldError } from '../../ingest/field-error.js';
import {
  PreviewNotFoundError,
  previewTemplate,
  type PreviewRequest,
} from '../../runtime/delivery/template-preview.js';
import { TemplateError } from '../../templates/template-error.js';
import type { TemplateKind } from '../../templates/template-source.js';
import { badRequest, HttpError, notFound } from '../http-error.js';
import type { ServerDeps } from '../server.js';
import { routeSchema } from '../route-schema.js';
import { PREVIEW, PREVIEW_REQUEST } from '../schemas/templates.js';

const PREVIEW_ROUTE = routeSchema({
  summary:
    'Render a template exactly as it would be sent, for a user of the store or sample data (strict: an unknown variable is a 400 with its file and line)',
  params: { id: 'template id (templates/<id>.*.liquid)' },
  body: PREVIEW_REQUEST,
  ok: { description: 'The rendered message', schema: PREVIEW },
  errors: {
    400: 'Invalid body, or a render error (`render_error`): each field is `file:line:column`',
    404: 'Unknown template or user',
  },
});

/** The request body. */
const KINDS: readonly TemplateKind[] = ['email', 'inapp', 'text'];

function parseBody(id: string, body: unknown): PreviewRequest {
  if (body === undefined || body === null) return { templateId: id };
  if (!isPlainObject(body)) throw badRequest([{ field: '', message: 'expected a JSON object' }]);
  const errors: FieldError[] = [];
  const { userId, data, kind } = body;
  if (userId !== undefined && (typeof userId !== 'string' || userId === ''))
    errors.push({ field: 'userId', message: 'expected a non-empty string' });
  if (data !== undefined && !isPlainObject(data))
    errors.push({ field: 'data', message: 'expected an object of variables' });
  if (kind !== undefined && !KINDS.includes(kind as TemplateKind))
    errors.push({ field: 'kind', message: `expected one of ${KINDS.join(', ')}` });
  for (const key of Object.keys(body))
    if (!['userId', 'data', 'kind'].includes(key))
      errors.push({ field: key, message: 'unknown field; expected userId, data or kind' });
  if (errors.length > 0) throw badRequest(errors);
  return {
    templateId: id,
    userId: userId as string | undefined,
    data: data as JsonObject | undefined,
    kind: kind as TemplateKind | undefined,
  };
}

/**
 *   POST /api/templates/:id/preview   { userId?: string, data?: object, kind?: email|inapp|text }
 *
 * Renders a template exactly as it would be sent: for a user of the store (`userId`: userId,
 * profile id or anonymousId) or sample data, with `data` merged over the variables. Strict: a
 * variable the data does not have answers 400 with its file, line and column, never an empty
 * string. 404 for an unknown template or user.
 */
export async function templateRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  app.post('/templates/:id/preview', { schema: PREVIEW_ROUTE }, async (request) => {
    const { id } = request.params as { id: string };
    const preview = parseBody(id, request.body);
    if (!deps.templates) throw notFound(`template ${JSON.stringify(id)} (no templates loaded)`);
    try {
      return await previewTemplate(deps.templates, preview, {
        store: deps.store,
        definitions: deps.workspace.definitions,
        now: deps.clock.now(),
      });
    } catch (error) {
      if (error instanceof PreviewNotFoundError) throw notFound(error.what);
      if (error instanceof TemplateError) {
        const fields = error.issues.map((issue) => ({
          field: `${issue.file}:${issue.line}:${issue.column}${issue.path ? ` ${issue.path}` : ''}`,
          message: issue.message,
        }));
        throw new HttpError(400, 'render_error', error.issues.map(formatIssue).join('; '), fields);
      }
      throw error;
    }
  });
}
