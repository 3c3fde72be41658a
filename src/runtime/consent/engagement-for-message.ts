import { createHash } from 'node:crypto';
import type { TokenClaims } from '../../consent/signed-token.js';
import type { IncomingEvent, JsonObject } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import { engagementEvent } from './engagement-event.js';

/** One `Email Opened` per message: later opens (and image proxies) add nothing. */
export const openedEventId = (messageKey: string) => `email-opened:${messageKey}`;

/** One `Email Clicked` per link per message. */
export function clickedEventId(messageKey: string, url: string): string {
  const link = createHash('sha256').update(url).digest('base64url').slice(0, 16);
  return `email-clicked:${messageKey}:${link}`;
}

/**
 * The engagement event of a message's recipient (an open, a click), with what the delivery log
 * knows of the message; null when the recipient's profile is gone. The tracking routes submit
 * it, and so does the simulator for the opens and clicks of its recipients.
 */
export async function engagementForMessage(
  store: Store,
  claims: Pick<TokenClaims, 'userId' | 'messageKey'>,
  name: string,
  messageId: string,
  properties: JsonObject,
  now: number,
): Promise<IncomingEvent | null> {
  const profileId = await store.resolveProfileId(claims.userId);
  const profile = profileId ? await store.getProfile(profileId) : null;
  if (!profile) return null;
  const message = claims.messageKey ? await store.getMessage(claims.messageKey) : null;
  const about: JsonObject = {
    message: claims.messageKey ?? null,
    template: message?.template ?? null,
    journey: message?.journeyId ?? null,
    topic: message?.topic ?? null,
  };
  return engagementEvent(profile, name, messageId, { ...about, ...properties }, now);
}
