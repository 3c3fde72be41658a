import type { Account, Profile } from '../core/types.js';
import { buildLinks, type LinkOptions } from '../consent/build-links.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import {
  messageRenderContext,
  type MessageTrigger,
} from '../runtime/delivery/message-render-context.js';
import type { Renderer, RenderedInApp } from '../templates/renderer.js';
import type { InboxMessage } from '../store/store.js';

/** What the inbox renders with: the process's templates, and how it builds links. */
export interface InboxTemplates {
  renderer: Renderer;
  links: LinkOptions;
  workspaceName: string;
}

export interface InboxRecipient {
  profile: Profile;
  account: Account | null;
  definitions: LoadedDefinitions;
  now: number;
}

/**
 * Renders an inbox message for its recipient, with the variables the dispatcher used when it
 * delivered it (messageRenderContext): the inbox keeps the delivery log's record, not a copy of
 * the rendered text, so a message quotes the user's data as it is when they read it. Throws a
 * TemplateError when its template no longer renders (removed or changed since).
 */
export function renderInboxMessage(
  message: InboxMessage,
  recipient: InboxRecipient,
  templates: InboxTemplates,
): RenderedInApp {
  const context = messageRenderContext({
    ...recipient,
    trigger: (message.payload.trigger as MessageTrigger | undefined) ?? null,
    journeyId: message.journeyId,
    createdAt: message.createdAt,
    links: buildLinks(templates.links, {
      userId: recipient.profile.id,
      messageKey: message.id,
      topic: message.topic,
    }),
    workspaceName: templates.workspaceName,
  });
  return templates.renderer.renderInApp(message.template, context);
}
