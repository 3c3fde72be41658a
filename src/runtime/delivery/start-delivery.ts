import { dirname, join } from 'node:path';
import { createEmailChannel } from '../../channels/email/create-email-channel.js';
import { SlackChannel } from '../../channels/slack/slack-channel.js';
import { WebhookChannel } from '../../channels/webhook/webhook-channel.js';
import type { Settings } from '../../config/settings.js';
import type { Clock } from '../../core/clock.js';
import { LiquidRenderer } from '../../templates/liquid-renderer.js';
import type { Store } from '../../store/store.js';
import type { Workspace } from '../workspace.js';
import { DeliveryWorker } from './delivery-worker.js';
import { destinationsFromEnv } from './destinations.js';
import { Dispatcher } from './dispatcher.js';

export interface Delivery {
  worker: DeliveryWorker;
  /** `smtp` or `outbox`, for the start-up log. */
  email: string;
  close(): Promise<void>;
}

/**
 * The delivery side of a Cairn process: templates from the `templates/` folder beside the
 * definitions file, the email channel (SMTP, or the dev outbox without SMTP_URL), Slack and
 * webhooks, and the worker that drains the delivery log.
 */
export async function startDelivery(
  settings: Settings,
  store: Store,
  workspace: Workspace,
  clock: Clock,
  secret: string,
  onError: (error: unknown) => void,
): Promise<Delivery> {
  const templatesDir = settings.configFile
    ? join(dirname(settings.configFile), 'templates')
    : 'templates';
  const renderer = await LiquidRenderer.fromDirectory(templatesDir);
  const email = createEmailChannel({
    smtpUrl: settings.smtpUrl,
    outboxDir: settings.outboxDir,
    clock,
    messageIdDomain: new URL(settings.publicUrl).hostname,
  });
  const slack = new SlackChannel({ clock });
  const webhook = new WebhookChannel({ clock });
  const dispatcher = new Dispatcher({
    renderer,
    email,
    slack,
    webhook,
    destinations: destinationsFromEnv(),
    links: {
      baseUrl: settings.publicUrl,
      workspaceSecret: secret,
      unsubscribeMailbox: settings.unsubscribeMailbox,
    },
    from: settings.emailFrom,
    workspaceName: workspace.definitions?.definitions.name ?? 'Cairn',
  });
  const worker = new DeliveryWorker(store, workspace, clock, dispatcher, { onError });
  return {
    worker,
    email: settings.smtpUrl ? 'smtp' : 'outbox',
    close: async () => {
      await worker.stop();
      await Promise.all([email.close(), slack.close(), webhook.close()]);
    },
  };
}
