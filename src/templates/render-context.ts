import type { MessageLinks } from '../consent/build-links.js';
import type { JsonObject } from '../core/types.js';

/**
 * The variables a template sees. Everything is plain JSON (times as ISO 8601 strings, which
 * Liquid's `date` filter reads), so a context can be logged, kept with a preview, or written by
 * hand as sample data. `buildRenderContext` makes one from Cairn's records.
 *
 * Missing data is absent, never null: strict rendering then fails on `{{ account.name }}` for a
 * user without an account instead of printing an empty string. Templates guard optional data
 * with `{% if account %}` or `{{ user.first_name | default: "there" }}`, which stay allowed.
 */
export type RenderContext = {
  /** The recipient. Their traits are also reachable directly (`user.first_name`); the fixed keys
   * below win over a trait of the same name, which stays reachable as `user.traits.<name>`. */
  user: UserVariables;
  /** The account (B2B company) the message is about. */
  account?: AccountVariables;
  /** The event that triggered the journey or message. */
  event?: EventVariables;
  journey?: JourneyVariables;
  /** Every declared milestone, reached or not, by name. */
  milestones: Record<string, MilestoneVariables>;
  /** The user's qualifier answers by question (`answers.role`), whether they came as identify
   * traits or as qualifier events; an unanswered question is absent. */
  answers: Record<string, string>;
  /** The user's persona per persona dimension (`persona.path`); a dimension without a match is
   * absent. Keys are in the order the dimensions are declared: that order picks variants. */
  persona: Record<string, string>;
  /** The behavioral score; absent before the first scored event. */
  score?: number;
  /** Gamification progress (game-variables.ts); absent when the workspace defines none. */
  game?: Record<string, unknown>;
  /** A usage report's content (docs/reports.md); present in a report's email only. */
  report?: Record<string, unknown>;
  stage: StageVariables;
  links: MessageLinks;
  workspace: WorkspaceVariables;
};

export type CounterVariables = { count: number; first: string; last: string };

export type UserVariables = JsonObject & {
  id: string;
  traits: JsonObject;
  /** Per event name (`user.counters["Report Created"].count`). */
  counters: Record<string, CounterVariables>;
  first_seen: string;
  last_seen: string;
  /** How many distinct days the user was active. */
  active_days: number;
};

export type AccountVariables = JsonObject & {
  id: string;
  traits: JsonObject;
  counters: Record<string, CounterVariables>;
  member_count: number;
};

export type EventVariables = {
  /** The track event name, or the page/screen name; absent for identify and group calls. */
  name?: string;
  type: string;
  properties: JsonObject;
  timestamp: string;
};

export type JourneyVariables = { id: string; name: string };

export type MilestoneVariables = { reached: boolean; reached_at?: string };

export type StageVariables = { lifecycle?: string; engagement?: string };

/** Who sends: the email layout's header, and the postal address its footer needs (CAN-SPAM). */
export type WorkspaceVariables = { name: string; url?: string; postal_address?: string };

/** Inside an email body and its layout only: the message's own rendered fields. */
export type MessageVariables = { subject: string; preheader: string; marketing: boolean };
