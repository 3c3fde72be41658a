import type { Account, Profile } from '../../core/types.js';
import type { LoadedDefinitions } from '../../definitions/index.js';
import { buildLinks, type LinkOptions } from '../../consent/build-links.js';
import { failed, sent, type Channel, type SendResult } from '../../channels/channel.js';
import type { EmailMessage } from '../../channels/email/email-message.js';
import type { SlackMessage } from '../../channels/slack/slack-channel.js';
import { slackTextPayload } from '../../channels/slack/slack-payload.js';
import type { WebhookMessage } from '../../channels/webhook/webhook-channel.js';
import { CHANNEL_KIND } from '../../templates/check-references.js';
import type { Renderer } from '../../templates/renderer.js';
import type { MessageRecord } from '../../store/store.js';
import { composeEmail } from './compose-email.js';
import type { Destinations } from './destinations.js';
import { messageRenderContext, type MessageTrigger } from './message-render-context.js';
import type { Report } from '../../reports/build-report.js';

export interface DispatcherOptions {
  renderer: Renderer;
  email: Channel<EmailMessage>;
  slack: Channel<SlackMessage>;
  webhook: Channel<WebhookMessage>;
  destinations: Destinations;
  links: LinkOptions;
  from: { name?: string; address: string };
  workspaceName: string;
  /** Open pixel and click links in marketing email (CAIRN_TRACKING); default off. */
  tracking?: boolean;
  /** The `report` variable of a usage report's email (reports/report-for-message.ts). */
  reports?: (message: MessageRecord, recipient: Recipient) => Promise<Report | null>;
}

/** A send's outcome; for an email sent, the HTML as sent, kept for its view-in-browser link. */
export type Dispatched = SendResult & { copy?: string };

export interface Recipient {
  profile: Profile;
  account: Account | null;
  definitions: LoadedDefinitions;
  now: number;
}

/**
 * Renders one message for its recipient and hands it to its channel. Never throws for a
 * delivery problem: a template error, a missing address or a missing destination is a
 * permanent failure with its reason, recorded in the delivery log like any other.
 */
export class Dispatcher {
  constructor(private readonly options: DispatcherOptions) {}

  async dispatch(message: MessageRecord, recipient: Recipient): Promise<Dispatched> {
    try {
      switch (message.channel) {
        case 'email':
          return await this.email(message, recipient);
        case 'inapp':
          // The inbox is the delivery log itself: rendering now proves the template works for
          // this user; the end-user API renders it again when it is read.
          this.options.renderer.renderInApp(message.template, this.context(message, recipient));
          return sent('inbox');
        case 'slack':
          return await this.slack(message, recipient);
        case 'webhook':
          return await this.webhook(message, recipient);
        default:
          return failed('permanent', 'unknown_channel', `no channel named ${message.channel}`);
      }
    } catch (error) {
      return failed('permanent', 'render_error', (error as Error).message);
    }
  }

  /** The message's subscription topic: its send step's, else the one its template declares. */
  topicOf(message: MessageRecord): string | null {
    if (message.topic !== null) return message.topic;
    const kind = CHANNEL_KIND[message.channel as keyof typeof CHANNEL_KIND];
    return kind ? this.options.renderer.topicOf(kind, message.template) : null;
  }

  private async email(message: MessageRecord, recipient: Recipient): Promise<Dispatched> {
    const address = recipient.profile.traits.email;
    if (typeof address !== 'string' || !address.includes('@')) {
      return failed('permanent', 'no_address', 'the user has no email trait');
    }
    const name =
      typeof recipient.profile.traits.name === 'string' ? recipient.profile.traits.name : undefined;
    const { renderer, links, from, tracking = false } = this.options;
    let report: Report | null = null;
    try {
      report = this.options.reports ? await this.options.reports(message, recipient) : null;
    } catch (error) {
      // The store did not answer: try again later rather than send a report without content.
      return failed('temporary', 'report_unavailable', (error as Error).message);
    }
    const email = composeEmail(
      renderer,
      message.template,
      this.context(message, recipient, report),
      {
        userId: recipient.profile.id,
        messageKey: message.id,
        to: { address, ...(name ? { name } : {}) },
      },
      { links, from, tracking },
    );
    const result = await this.options.email.send(email);
    return result.ok ? { ...result, copy: email.html } : result;
  }

  private async slack(message: MessageRecord, recipient: Recipient): Promise<SendResult> {
    const to = typeof message.payload.to === 'string' ? message.payload.to : null;
    const webhookUrl = this.options.destinations.slackUrl(to);
    if (!webhookUrl)
      return failed('permanent', 'no_destination', `no Slack webhook URL for ${to ?? 'alerts'}`);
    const rendered = this.options.renderer.renderText(
      message.template,
      this.context(message, recipient),
    );
    return this.options.slack.send({
      idempotencyKey: message.id,
      webhookUrl,
      payload: slackTextPayload(rendered.text),
    });
  }

  private async webhook(message: MessageRecord, recipient: Recipient): Promise<SendResult> {
    const to = typeof message.payload.to === 'string' ? message.payload.to : null;
    const endpoint = this.options.destinations.webhook(to);
    if (!endpoint)
      return failed(
        'permanent',
        'no_destination',
        `no webhook URL and secret for ${to ?? 'alerts'}`,
      );
    const context = this.context(message, recipient);
    const rendered = this.options.renderer.renderText(message.template, context);
    return this.options.webhook.send({
      idempotencyKey: message.id,
      url: endpoint.url,
      secret: endpoint.secret,
      type: 'journey.notify',
      occurredAt: message.createdAt,
      data: {
        text: rendered.text,
        user: { id: recipient.profile.id, traits: recipient.profile.traits },
        journey: message.journeyId,
        step: message.stepId,
        trigger: message.payload.trigger ?? null,
      },
    });
  }

  private context(message: MessageRecord, recipient: Recipient, report: Report | null = null) {
    return messageRenderContext({
      ...recipient,
      report,
      trigger: (message.payload.trigger as MessageTrigger | undefined) ?? null,
      journeyId: message.journeyId,
      createdAt: message.createdAt,
      links: buildLinks(this.options.links, {
        userId: recipient.profile.id,
        messageKey: message.id,
        topic: this.topicOf(message),
      }),
      workspaceName: this.options.workspaceName,
    });
  }
}
