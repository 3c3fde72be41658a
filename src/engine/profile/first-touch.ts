import type { FirstTouch, IncomingEvent, Json, JsonObject, Profile } from '../../core/types.js';

/**
 * First-touch attribution: the campaign (`context.campaign` source, name, medium: the utm_*
 * parameters) and `context.page.referrer` of the user's earliest event that came from a page
 * (has `context.page` or `context.campaign`). Server-side calls carry neither and are not a
 * touch. A touch with none of the four is a direct visit (all null). The earliest by event
 * time wins, so events arriving out of order and identity merges keep the true first one.
 */
export function touchOf(event: IncomingEvent): FirstTouch | null {
  if (event.source === 'internal' || event.type === 'alias') return null;
  const campaign = objectAt(event.context, 'campaign');
  const page = objectAt(event.context, 'page');
  if (!campaign && !page) return null;
  return {
    at: event.timestamp,
    source: textAt(campaign, 'source'),
    campaign: textAt(campaign, 'name'),
    medium: textAt(campaign, 'medium'),
    referrer: textAt(page, 'referrer'),
  };
}

/** Keeps the earlier of the profile's first touch and `touch`. Mutates the profile. */
export function keepFirstTouch(profile: Profile, touch: FirstTouch | null | undefined): void {
  if (!touch) return;
  if (!profile.firstTouch || touch.at < profile.firstTouch.at) profile.firstTouch = touch;
}

function objectAt(object: JsonObject, key: string): JsonObject | null {
  const value: Json | undefined = Object.hasOwn(object, key) ? object[key] : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

function textAt(object: JsonObject | null, key: string): string | null {
  if (!object || !Object.hasOwn(object, key)) return null;
  const value = object[key];
  return typeof value === 'string' && value !== '' ? value.slice(0, 500) : null;
}
