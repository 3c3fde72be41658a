import type { Channel } from '../../channels/channel.js';
import { createEmailChannel } from '../../channels/email/create-email-channel.js';
import type { EmailMessage } from '../../channels/email/email-message.js';
import { SlackChannel } from '../../channels/slack/slack-channel.js';
import { WebhookChannel } from '../../channels/webhook/webhook-channel.js';
import type { Settings } from '../../config/settings.js';
import type { Clock } from '../../core/clock.js';
import {
  DefinitionsError,
  type DefinitionIssue,
  type LoadedDefinitions,
} from '../../definitions/index.js';
import type { Store } from '../../store/store.js';
import { MjmlCompiler } from '../../templates/mjml-compiler.js';
import { ReloadableRenderer } from '../../templates/reloadable-renderer.js';
import { checkWorkspaceTemplates } from '../validate-workspace.js';
import type { Workspace } from '../workspace.js';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.js';
import { destinationsFromEnv } from './destinations.js';
import { Dispatcher } from './dispatcher.js';
import type { PreviewSource } from './template-preview.js';
import { reportForMessage } from '../../reports/report-for-message.js';
import { ReportSource, type ReportSourceOptions } from '../../reports/report-source.js';

export interface Delivery {
  worker: DeliveryWorker;
  /** `smtp` or `outbox`, for the start-up log. */
  email: string;
  /** The compiled templates and links, for previews of what would be sent. */
  preview: PreviewSource;
  /**
   * Compiles the templates folder again and checks it against `definitions` (the ones in force,
   * or ones about to be): when it passes, the new templates are in force and the list is empty;
   * otherwise nothing changes and the problems are returned.
   */
  reloadTemplates(definitions: LoadedDefinitions | null): Promise<DefinitionIssue[]>;
  close(): Promise<void>;
}

/**
 * The delivery side of a Cairn process: templates from the `templates/` folder beside the
 * definitions file, the email channel (SMTP, or the dev outbox without SMTP_URL), Slack and
 * webhooks, and the worker that drains the delivery log. Templates are checked as `cairn
 * validate` checks them (variables against the definitions, every template a journey names):
 * a problem stops the start, as broken definitions do, rather than failing sends later.
 */
export async function startDelivery(
  settings: Settings,
  store: Store,
  workspace: Workspace,
  clock: Clock,
  secret: string,
  onError: (error: unknown) => void,
  /** Worker options beyond `onError` (a seeded backoff, an observer of outcomes). */
  workerOptions: Omit<DeliveryWorkerOptions, 'onError'> = {},
  /** An email channel to use instead of the one the settings choose (a simulation's in-memory
   * channel); `delivery` names it for the logs. */
  emailChannel?: Channel<EmailMessage> & { delivery: string },
  /** How the reports' period comparisons are kept (a simulation keeps them longer). */
  reportSource: ReportSourceOptions = {},
): Promise<Delivery> {
  // One MJML cache for the process: a reload compiles only the templates that changed.
  const mjml = new MjmlCompiler();
  const templates = await checkWorkspaceTemplates(settings.configFile, workspace.definitions, {
    mjml,
  });
  if (templates.issues.length > 0 || !templates.renderer)
    throw new DefinitionsError(templates.issues);
  const renderer = new ReloadableRenderer(templates.renderer);
  const reloadTemplates = async (definitions: LoadedDefinitions | null) => {
    const next = await checkWorkspaceTemplates(settings.configFile, definitions, { mjml });
    if (next.issues.length === 0 && next.renderer) renderer.replace(next.renderer);
    return next.issues;
  };
  const links = {
    baseUrl: settings.publicUrl,
    workspaceSecret: secret,
    unsubscribeMailbox: settings.unsubscribeMailbox,
  };
  const workspaceName = workspace.definitions?.definitions.name ?? 'Cairn';
  const email =
    emailChannel ??
    createEmailChannel({
      smtpUrl: settings.smtpUrl,
      outboxDir: settings.outboxDir,
      clock,
      messageIdDomain: new URL(settings.publicUrl).hostname,
    });
  const slack = new SlackChannel({ clock });
  const webhook = new WebhookChannel({ clock });
  const reports = new ReportSource(store, clock, reportSource);
  const dispatcher = new Dispatcher({
    renderer,
    email,
    slack,
    webhook,
    destinations: destinationsFromEnv(),
    links,
    from: settings.emailFrom,
    workspaceName,
    tracking: settings.tracking,
    reports: (message, recipient) =>
      reportForMessage(
        reports,
        store,
        recipient.definitions.definitions,
        message,
        recipient,
        recipient.now,
      ),
  });
  const worker = new DeliveryWorker(store, workspace, clock, dispatcher, {
    ...workerOptions,
    onError,
  });
  return {
    worker,
    email: email.delivery,
    preview: { renderer, links, workspaceName },
    reloadTemplates,
    close: async () => {
      await worker.stop();
      await Promise.all([email.close(), slack.close(), webhook.close()]);
    },
  };
}
