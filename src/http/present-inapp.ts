import type { ChecklistProgress } from '../inapp/checklist-progress.js';
import type { RenderedInApp } from '../templates/renderer.js';
import type { InboxMessage } from '../store/store.js';
import { iso } from './present.js';

/** What the user reads and what they did with it; nothing of the delivery machinery. */
export function presentInboxMessage(message: InboxMessage, rendered: RenderedInApp) {
  return {
    id: message.id,
    title: rendered.title,
    body: rendered.body,
    cta: rendered.cta,
    sentAt: iso(message.sentAt),
    read: message.readAt !== null,
    readAt: iso(message.readAt),
    dismissed: message.dismissedAt !== null,
    dismissedAt: iso(message.dismissedAt),
    journey: message.journeyId,
    template: message.template,
  };
}

/** The answer to marking a message: its flags, and the badge's new count. */
export function presentMark(message: InboxMessage, unread: number) {
  return {
    id: message.id,
    read: message.readAt !== null,
    readAt: iso(message.readAt),
    dismissed: message.dismissedAt !== null,
    dismissedAt: iso(message.dismissedAt),
    unread,
  };
}

export function presentChecklist(checklist: ChecklistProgress) {
  return {
    persona: checklist.persona,
    items: checklist.items.map((item) => ({ ...item, doneAt: iso(item.doneAt) })),
    progress: checklist.progress,
  };
}
