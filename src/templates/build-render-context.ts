import type { MessageLinks } from '../consent/build-links.js';
import type { Account, Counter, IncomingEvent, Profile } from '../core/types.js';
import type {
  CounterVariables,
  EventVariables,
  JourneyVariables,
  RenderContext,
  StageVariables,
  WorkspaceVariables,
} from './render-context.js';
import { isoTime } from '../core/iso-time.js';
import { setOwn } from '../core/own-key.js';

export interface RenderContextInput {
  profile: Profile;
  account?: Account | null;
  event?: Pick<IncomingEvent, 'type' | 'event' | 'properties' | 'timestamp'> | null;
  journey?: JourneyVariables | null;
  /** Every declared milestone: when it was reached (epoch ms), or null. */
  milestones?: Record<string, number | null>;
  /** Qualifier answers by question (the user's state); only the answered ones. */
  answers?: Record<string, string>;
  /** Persona per dimension, in declaration order; null when no rule matched. */
  persona?: Record<string, string | null>;
  score?: number | null;
  /** Gamification variables (game-variables.ts), when the workspace defines any. */
  game?: Record<string, unknown> | null;
  /** A usage report's content (reports/build-report.ts), in its email only. */
  report?: object | null;
  stage?: { lifecycle?: string | null; engagement?: string | null };
  links: MessageLinks;
  workspace: { name: string; url?: string | null; postal_address?: string | null };
}

/** An invalid stored time renders as empty rather than failing the message. */
const iso = (ms: number) => isoTime(ms) ?? '';

function counters(source: Record<string, Counter>): Record<string, CounterVariables> {
  const out: Record<string, CounterVariables> = {};
  for (const [name, c] of Object.entries(source)) {
    setOwn(out, name, { count: c.count, first: iso(c.first), last: iso(c.last) });
  }
  return out;
}

/** Copies the entries whose value is neither null nor undefined. */
function present<T extends object>(entries: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entries))
    if (v !== null && v !== undefined) setOwn(out, k, v);
  return out as T;
}

/**
 * Maps Cairn's records (epoch-ms times, camelCase, nulls) to template variables (ISO times,
 * snake_case like Shopify's Liquid objects, missing data absent). Traits are spread first so the
 * fixed keys win over a trait that happens to share their name.
 */
export function buildRenderContext(input: RenderContextInput): RenderContext {
  const { profile, account, event } = input;
  const milestones: RenderContext['milestones'] = {};
  for (const [name, at] of Object.entries(input.milestones ?? {})) {
    milestones[name] = at === null ? { reached: false } : { reached: true, reached_at: iso(at) };
  }
  const context: RenderContext = {
    user: {
      ...profile.traits,
      id: profile.userId ?? profile.id,
      traits: profile.traits,
      counters: counters(profile.counters),
      first_seen: iso(profile.firstSeen),
      last_seen: iso(profile.lastSeen),
      active_days: profile.activeDays.length,
    },
    milestones,
    answers: { ...input.answers },
    persona: present<Record<string, string>>(input.persona ?? {}),
    stage: present<StageVariables>(input.stage ?? {}),
    links: input.links,
    workspace: present<WorkspaceVariables>(input.workspace),
  };
  if (account) {
    context.account = {
      ...account.traits,
      id: account.id,
      traits: account.traits,
      counters: counters(account.counters),
      member_count: account.memberCount,
    };
  }
  if (event) {
    context.event = present<EventVariables>({
      name: event.event,
      type: event.type,
      properties: event.properties,
      timestamp: iso(event.timestamp),
    });
  }
  if (input.journey) context.journey = input.journey;
  if (input.score !== null && input.score !== undefined) context.score = input.score;
  if (input.game) context.game = input.game;
  if (input.report) context.report = input.report as Record<string, unknown>;
  return context;
}
