import type { IncomingEvent } from '../../core/types.js';

/**
 * The counter an event adds to: a track call counts under its event name; page and screen calls
 * follow Segment's named-page convention (`Viewed Pricing Page`, `Viewed Home Screen`), so a
 * milestone or segment can name a page the way it names any other event. Identify, group and
 * alias calls count nothing.
 */
export function counterName(event: Pick<IncomingEvent, 'type' | 'event'>): string | null {
  switch (event.type) {
    case 'track':
      return event.event;
    case 'page':
      return event.event ? `Viewed ${event.event} Page` : 'Loaded a Page';
    case 'screen':
      return event.event ? `Viewed ${event.event} Screen` : 'Loaded a Screen';
    default:
      return null;
  }
}
