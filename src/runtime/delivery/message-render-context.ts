import type { Account, Profile } from '../../core/types.js';
import type { Definitions, LoadedDefinitions } from '../../definitions/index.js';
import type { MessageLinks } from '../../consent/build-links.js';
import { currentScore, readUserState, type UserState } from '../../engine/state/index.js';
import { buildRenderContext } from '../../templates/build-render-context.js';
import { gamePlan } from '../../engine/gamification/game-plan.js';
import { accountProgress, userProgress } from '../../inapp/present-progress.js';
import type { Report } from '../../reports/build-report.js';
import { progressVariables, type GameVariables } from '../../templates/game-variables.js';
import type { RenderContext, WorkspaceVariables } from '../../templates/render-context.js';

/** What a queued message remembers of the occurrence that started its run (`payload.trigger`). */
export interface MessageTrigger {
  name?: string;
  properties?: object;
  timestamp?: number;
  /** For a state change (milestone reached, segment entered…): the event that caused it. */
  cause?: { event: string; properties: object } | null;
}

export interface MessageContextInput {
  profile: Profile;
  account: Account | null;
  definitions: LoadedDefinitions;
  now: number;
  trigger: MessageTrigger | null;
  journeyId: string | null;
  /** When the message was queued: the event time of a trigger that has none. */
  createdAt: number;
  links: MessageLinks;
  workspaceName: string;
  /**
   * A usage report's content (reports/build-report.ts), for its email, built for the same
   * definitions and `now`: its owner's progress is the `game` variables' own.
   */
  report?: Report | null;
}

/**
 * The variables of one message for one recipient, as the dispatcher renders it and as a
 * preview shows it: milestones and personas from the user's state (every declared one), the
 * score now, and as `event` the journey's trigger, or for a state change the event that caused
 * it, so a template can quote "the project 'Website redesign'" whatever started the journey.
 */
export function messageRenderContext(input: MessageContextInput): RenderContext {
  const { profile, definitions, now, trigger } = input;
  const state = readUserState(profile.state);
  const milestones: Record<string, number | null> = {};
  for (const name of Object.keys(definitions.definitions.milestones ?? {})) {
    milestones[name] = state.milestones[name]?.at ?? null;
  }
  const persona = personaVariables(definitions, state);
  const journey = input.journeyId ? definitions.definitions.journeys?.[input.journeyId] : undefined;
  return buildRenderContext({
    profile,
    account: input.account,
    event: trigger
      ? {
          type: 'track',
          event: trigger.cause?.event ?? trigger.name ?? null,
          properties: (trigger.cause?.properties ?? trigger.properties ?? {}) as never,
          timestamp: trigger.timestamp ?? input.createdAt,
        }
      : null,
    journey: input.journeyId
      ? { id: input.journeyId, name: journey?.name ?? input.journeyId }
      : null,
    milestones,
    answers: Object.fromEntries(Object.entries(state.answers).map(([q, a]) => [q, a.value])),
    persona,
    score: currentScore(definitions, state, now),
    game: gamePlan(definitions.definitions).active ? gameOf(input) : null,
    stage: {
      lifecycle: state.lifecycle?.stage ?? null,
      engagement: state.engagement?.stage ?? null,
    },
    links: input.links,
    workspace: workspaceVariables(definitions, input.workspaceName),
    report: input.report ?? null,
  });
}

/**
 * `game`: the recipient's progress and their account's, as the widget shows them. A report's
 * owner progress (the recipient's for a user report, the account's for an account report) was
 * computed as of the same `now` from the same state: it is taken as it is, not computed again.
 */
function gameOf(input: MessageContextInput): GameVariables {
  const { profile, account, now, report } = input;
  const definitions = input.definitions.definitions;
  const out = progressVariables(
    report?.unit === 'user' && report.ownerId === profile.id
      ? report.progress
      : userProgress(definitions, profile, now),
  );
  if (account !== null)
    out.account =
      report?.unit === 'account' && report.ownerId === account.id
        ? progressVariables(report.progress)
        : accountVariables(definitions, account, now);
  return out;
}

/**
 * `game.account` for each account record: a delivery batch reads each account once for all of
 * its members' messages, so its progress as of the batch's `now` is made once and shared. It is
 * made again for other definitions, another `now` or a record whose state was replaced.
 */
const accountGames = new WeakMap<
  Account,
  { state: unknown; definitions: Definitions; now: number; variables: GameVariables }
>();

function accountVariables(definitions: Definitions, account: Account, now: number) {
  const known = accountGames.get(account);
  if (known?.state === account.state && known.definitions === definitions && known.now === now)
    return known.variables;
  const variables = progressVariables(accountProgress(definitions, account, now));
  accountGames.set(account, { state: account.state, definitions, now, variables });
  return variables;
}

/**
 * `persona`: the user's persona in each dimension, in the order of cairn.yaml (the order in
 * which a persona variant of the template is looked for), null where none matches.
 */
export function personaVariables(
  definitions: LoadedDefinitions,
  state: UserState,
): Record<string, string | null> {
  const persona: Record<string, string | null> = {};
  for (const dimension of Object.keys(definitions.definitions.personas ?? {}))
    persona[dimension] = state.personas[dimension]?.persona ?? null;
  return persona;
}

/** `workspace`: its name, and its web and postal addresses when the definitions give them. */
function workspaceVariables(definitions: LoadedDefinitions, name: string): WorkspaceVariables {
  const { url, postal_address } = definitions.definitions;
  return {
    name,
    ...(url === undefined ? {} : { url }),
    ...(postal_address === undefined ? {} : { postal_address }),
  };
}
