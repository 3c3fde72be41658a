import { InvalidArgumentError, type Command } from 'commander';
import { readSettings } from '../../config/settings.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import type { JsonObject } from '../../core/types.js';
import { DefinitionsError, formatIssue, loadDefinitions } from '../../definitions/index.js';
import {
  PreviewNotFoundError,
  previewTemplate,
  type Preview,
} from '../../runtime/delivery/template-preview.js';
import type { PreviewEventSource } from '../../runtime/delivery/preview-trigger.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';
import { checkWorkspaceTemplates } from '../../runtime/validate-workspace.js';
import { currentSecret } from '../../keys/workspace-keys.js';
import type { Store } from '../../store/store.js';
import { systemClock } from '../../core/clock.js';
import { previewReport, ReportRequestError } from '../../reports/report-preview.js';
import { ReportSource } from '../../reports/report-source.js';
import { formatReportPreview } from './preview-report.js';
import { TemplateError } from '../../templates/template-error.js';
import type { TemplateKind } from '../../templates/template-source.js';

type Format = 'text' | 'html' | 'json';

interface PreviewFlags {
  user?: string;
  config?: string;
  db?: string;
  format: Format;
  kind?: TemplateKind;
  data?: JsonObject;
  report?: string;
  owner?: string;
  period?: string;
  recipient?: string;
}

export function previewCommand(program: Command): void {
  program
    .command('preview')
    .description(
      'Render a template exactly as it would be sent, for a user of the store or sample data; or a usage report for a user or account and period',
    )
    .argument('[template]', 'the template id (templates/<id>.*.liquid); none with --report')
    .option('-u, --user <id>', "a user's userId, profile id or anonymousId; default: sample data")
    .option('-c, --config <file>', 'the definitions file (env CAIRN_CONFIG)')
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .option('-f, --format <format>', 'text, html or json', choice(['text', 'html', 'json']), 'text')
    .option('--kind <kind>', 'email, inapp or text, when an id has several', choice(KINDS))
    .option(
      '--data <json>',
      'variables merged over the data, e.g. \'{"event":{"properties":{}}}\'',
      json,
    )
    .option('--report <id>', 'a usage report (reports: in cairn.yaml) instead of a template')
    .option('--owner <id>', 'with --report: the user (unit user) or account (unit account)')
    .option(
      '--period <date>',
      'with --report: a date in the period, YYYY-MM-DD (default: the last complete one)',
    )
    .option(
      '--recipient <id>',
      'with --report, unit account: the member the email is for (default: the first admin or owner)',
    )
    .addHelpText(
      'after',
      [
        '',
        'With --user, the variables are built from the store as the dispatcher builds them: the',
        "user's traits, first account, milestones, personas, stage and score, and as `event` what",
        'the message carries: the trigger of the last message of this template they got, else of',
        'their run that will send it, else the newest event in their log that would start one (the',
        '"Event:" line says which). Rendering is strict: an unknown variable is an error with its',
        'file and line (exit 1), never an empty string.',
        '',
        'Examples:',
        '  cairn preview project_breakdown_tips --config cairn.yaml',
        '  cairn preview create_report_from_your_data --user dana --format html > email.html',
        '  cairn preview --report weekly_user --owner dana --period 2026-01-05',
        '  cairn preview --report weekly_account --owner acme --format html > report.html',
      ].join('\n'),
    )
    .action(async (templateId: string | undefined, flags: PreviewFlags) => {
      const usage = previewUsage(templateId, flags);
      if (usage) {
        fail(usage);
        return;
      }
      const configFile = flags.config ?? (process.env.CAIRN_CONFIG || 'cairn.yaml');
      const settings = readSettings({ config: configFile, db: flags.db });
      let definitions;
      try {
        definitions = await loadDefinitions(configFile);
      } catch (error) {
        if (!(error instanceof DefinitionsError)) throw error;
        fail(error.message);
        return;
      }
      const templates = await checkWorkspaceTemplates(configFile, definitions);
      if (!templates.renderer) {
        fail(templates.issues.map(formatIssue).join('\n'));
        return;
      }
      if (templates.issues.length > 0)
        process.stderr.write(
          `note: ${templates.issues.length} problem(s) in the workspace; see cairn validate\n`,
        );
      let store: Store | null = null;
      try {
        let secret = 'preview-without-a-workspace-secret';
        if (flags.report !== undefined || flags.user !== undefined) {
          store = await storeFromSettings(settings);
          await store.migrate();
          // Read, never generated here: keys made by a preview would be shown to no one.
          secret = (await currentSecret(store, settings.keys)) ?? secret;
        }
        const renderer = templates.renderer;
        const deps = {
          renderer,
          workspaceName: definitions.definitions.name ?? 'Cairn',
          links: {
            baseUrl: settings.publicUrl,
            workspaceSecret: secret,
            unsubscribeMailbox: settings.unsubscribeMailbox,
          },
        };
        if (flags.report !== undefined && store) {
          const report = await previewReport(
            deps,
            store,
            definitions,
            new ReportSource(store, systemClock),
            {
              reportId: flags.report,
              ownerId: flags.owner!,
              period: flags.period,
              recipientId: flags.recipient,
            },
            systemClock.now(),
          );
          process.stdout.write(formatReportPreview(report, flags.format));
          return;
        }
        const preview = await previewTemplate(
          deps,
          { templateId: templateId!, kind: flags.kind, userId: flags.user, data: flags.data },
          { store, definitions, now: Date.now() },
        );
        process.stdout.write(formatPreview(preview, flags.format));
      } catch (error) {
        if (error instanceof PreviewNotFoundError) fail(error.message);
        else if (error instanceof ReportRequestError)
          fail(error.field ? `--${error.field}: ${error.message}` : error.message);
        else if (error instanceof TemplateError) fail(error.message);
        else throw error;
      } finally {
        await store?.close();
      }
    });
}

const KINDS: TemplateKind[] = ['email', 'inapp', 'text'];

/** What is wrong with the arguments' combination, or null: a template, or --report --owner. */
function previewUsage(templateId: string | undefined, flags: PreviewFlags): string | null {
  const reportOnly = (['owner', 'period', 'recipient'] as const).filter(
    (flag) => flags[flag] !== undefined,
  );
  if (flags.report === undefined) {
    if (templateId === undefined) return 'missing the template id (or --report <id> --owner <id>)';
    if (reportOnly.length > 0) return `--${reportOnly[0]} goes with --report`;
    return null;
  }
  if (templateId !== undefined) return 'give a template id or --report, not both';
  if (flags.owner === undefined) return '--report needs --owner <user or account id>';
  for (const flag of ['user', 'kind', 'data'] as const)
    if (flags[flag] !== undefined) return `--${flag} does not go with --report`;
  return null;
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

function choice<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!allowed.includes(value as T))
      throw new InvalidArgumentError(`expected ${allowed.join(', ')}`);
    return value as T;
  };
}

function json(value: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('expected a JSON object');
  }
  if (!isPlainObject(parsed)) throw new InvalidArgumentError('expected a JSON object');
  return parsed as JsonObject;
}

/** Where `event` came from, in words (the text format's `Event:` line). */
function describeEventSource(source: PreviewEventSource, trigger: string | undefined): string {
  if (source.from === 'none') return `none (${source.reason})`;
  // A schedule, a trait change or a state change on a timer: no product event to quote.
  const what = source.event ?? `no product event; \`event\` is the trigger itself (${trigger})`;
  switch (source.from) {
    case 'message':
      return `${what}, the trigger of message ${source.id}`;
    case 'run':
      return `${what}, the trigger of run ${source.id} of ${source.journeyId}, which has not sent it yet`;
    case 'log':
      return `${what}, from their log (${source.id}): it would start ${source.journeyId}, which they are not in`;
  }
}

/** `text`: headers then the plain text; `html`: the HTML alone; `json`: everything. */
export function formatPreview(preview: Preview, format: Format): string {
  if (format === 'json') return JSON.stringify(preview, null, 2) + '\n';
  const from = `Template: ${preview.file}${preview.persona ? ` (persona ${preview.persona})` : ''}`;
  const event = preview.eventSource
    ? [
        `Event: ${describeEventSource(preview.eventSource, preview.context.event?.name ?? undefined)}`,
      ]
    : [];
  switch (preview.kind) {
    case 'email':
      if (format === 'html') return preview.html;
      return [
        `Subject: ${preview.subject}`,
        `Preheader: ${preview.preheader}`,
        `${from}, ${preview.category}${preview.topic ? `, topic ${preview.topic}` : ''}`,
        ...event,
        '',
        preview.text,
        '',
      ].join('\n');
    case 'inapp':
      if (format === 'html') return preview.body + '\n';
      return [
        `Title: ${preview.title}`,
        ...(preview.cta ? [`Button: ${preview.cta.label} (${preview.cta.url})`] : []),
        from,
        ...event,
        '',
        preview.body,
        '',
      ].join('\n');
    case 'text':
      return preview.text + '\n';
  }
}
