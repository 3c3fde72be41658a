/**
 * Terminology (see DESIGN.md for the long version)
 *
 * - event:     one Segment-spec call (track, identify, page, screen, group, alias) after
 *              validation and normalisation. `messageId` is its idempotency key.
 * - seq:       the store's position of an event in the log; increases with commit order, so it
 *              is the order in which events were applied to profiles.
 * - profile:   everything Cairn knows about one person: traits, per-event counters, first/last
 *              seen, active days, accounts. Its `id` is the userId, or `anon:<anonymousId>` until
 *              the person is identified.
 * - account:   a B2B company, from `group` calls (`groupId`), with traits and members.
 * - alias:     a mapping from an anonymousId (or a previous userId) to the profile it now
 *              belongs to; written when identify/alias merges activity into a known user.
 * - source:    where an event came from: `api` (live traffic), `import` (a backfill: applied to
 *              profiles, never a trigger for messages) or `internal` (state changes Cairn records).
 *
 * All times are epoch milliseconds (UTC) inside Cairn; the HTTP API speaks ISO 8601.
 */

export type EventType = 'track' | 'identify' | 'page' | 'screen' | 'group' | 'alias';
export const EVENT_TYPES: readonly EventType[] = [
  'track',
  'identify',
  'page',
  'screen',
  'group',
  'alias',
];

export type EventSource = 'api' | 'import' | 'internal';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An event as validated and normalised by ingest, before it is stored. */
export interface IncomingEvent {
  messageId: string;
  type: EventType;
  /** track: the event name; page/screen: the page or screen name. */
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  /** group: the account; track/page/screen: `context.groupId` when present. */
  groupId: string | null;
  /** alias: the id being merged into `userId`. */
  previousId: string | null;
  /** When it happened, after Segment's clock-skew correction. */
  timestamp: number;
  /** The timestamp the client sent, before correction (null when it sent none). */
  originalTimestamp: number | null;
  sentAt: number | null;
  receivedAt: number;
  properties: JsonObject;
  traits: JsonObject;
  context: JsonObject;
  source: EventSource;
}

/** An event in the log. */
export interface StoredEvent extends IncomingEvent {
  seq: number;
  /** The profile the event was applied to (follows merges). */
  profileId: string;
}

export interface Counter {
  count: number;
  first: number;
  last: number;
}

export interface Profile {
  id: string;
  userId: string | null;
  anonymousIds: string[];
  traits: JsonObject;
  /** Per event name: how many times, first and last time. Page and screen calls count as
   * `Viewed <name> Page` / `Viewed <name> Screen` (Segment's named-page convention). */
  counters: Record<string, Counter>;
  firstSeen: number;
  lastSeen: number;
  /** Distinct days with activity, as day numbers since the epoch in the user's time zone
   * (UTC until one is known), sorted ascending. */
  activeDays: number[];
  /** Account ids, in the order the user joined them. */
  accounts: string[];
  /** Derived behavioral state, owned by the state engine. */
  state: JsonObject;
  /** Where the user came from: campaign and referrer of their first page event (see
   * engine/profile/first-touch.ts). Absent until one arrives. */
  firstTouch?: FirstTouch;
}

/** First-touch attribution, kept on the profile. */
export interface FirstTouch {
  /** Time of the event it was taken from. */
  at: number;
  /** `context.campaign.source` (utm_source). */
  source: string | null;
  /** `context.campaign.name` (utm_campaign). */
  campaign: string | null;
  /** `context.campaign.medium` (utm_medium). */
  medium: string | null;
  /** `context.page.referrer`. */
  referrer: string | null;
}

export interface Account {
  id: string;
  traits: JsonObject;
  counters: Record<string, Counter>;
  firstSeen: number;
  lastSeen: number;
  memberCount: number;
  state: JsonObject;
}

export interface Membership {
  accountId: string;
  profileId: string;
  joinedAt: number;
}

export interface Alias {
  /** `anon:<anonymousId>` or a previous userId. */
  fromId: string;
  profileId: string;
}
