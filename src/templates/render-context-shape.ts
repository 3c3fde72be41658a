import { ANY, VALUE, keyed, object, type VariableShape } from './variable-shape.js';

/** The names a workspace declares in cairn.yaml; each list left out accepts any name. */
export interface TemplateVocabulary {
  /** User traits templates may read (`user.first_name`, `user.traits.plan`). */
  userTraits?: readonly string[];
  accountTraits?: readonly string[];
  /** Event names, for `user.counters["Report Created"]`. */
  events?: readonly string[];
  /** Properties of the events that trigger messages (`event.properties.source`). */
  eventProperties?: readonly string[];
  milestones?: readonly string[];
  /** The qualifier's questions (`answers.role`). */
  questions?: readonly string[];
  personaDimensions?: readonly string[];
}

const COUNTER = object({ count: VALUE, first: VALUE, last: VALUE });

/** The `message` variable, which only email bodies and layouts see. */
export const MESSAGE_SHAPE = object({ subject: VALUE, preheader: VALUE, marketing: VALUE });

/**
 * The shape of `RenderContext` for a workspace. Declared traits are reachable both directly
 * (`user.first_name`) and under `traits`; their own structure is not checked (`ANY`).
 */
export function renderContextShape(vocabulary: TemplateVocabulary = {}): VariableShape {
  const traits = (names: readonly string[] | undefined) => keyed(names, ANY);
  const counters = keyed(vocabulary.events, COUNTER);
  const withTraits = (
    names: readonly string[] | undefined,
    fields: Record<string, VariableShape>,
  ) =>
    object(
      { ...Object.fromEntries((names ?? []).map((n) => [n, ANY])), ...fields },
      names ? undefined : ANY,
    );
  return object({
    user: withTraits(vocabulary.userTraits, {
      id: VALUE,
      traits: traits(vocabulary.userTraits),
      counters,
      first_seen: VALUE,
      last_seen: VALUE,
      active_days: VALUE,
    }),
    account: withTraits(vocabulary.accountTraits, {
      id: VALUE,
      traits: traits(vocabulary.accountTraits),
      counters,
      member_count: VALUE,
    }),
    event: object({
      name: VALUE,
      type: VALUE,
      properties: keyed(vocabulary.eventProperties, ANY),
      timestamp: VALUE,
    }),
    journey: object({ id: VALUE, name: VALUE }),
    milestones: keyed(vocabulary.milestones, object({ reached: VALUE, reached_at: VALUE })),
    answers: keyed(vocabulary.questions, VALUE),
    persona: keyed(vocabulary.personaDimensions, VALUE),
    score: VALUE,
    // Keyed by the workspace's ladder, streak and badge names: not checked further.
    game: object({}, ANY),
    // A usage report (docs/reports.md): keyed by the workspace's metrics, not checked further.
    report: object({}, ANY),
    stage: object({ lifecycle: VALUE, engagement: VALUE }),
    links: object({
      unsubscribe: VALUE,
      unsubscribe_mailto: VALUE,
      preferences: VALUE,
      view_in_browser: VALUE,
    }),
    workspace: object({ name: VALUE, url: VALUE, postal_address: VALUE }),
  });
}
