import { z } from 'zod';
import { durationSchema } from '../definitions/duration.js';

/**
 * The simulation file (`simulation.yaml`): every rate the synthetic population is drawn from,
 * in the example workspace's vocabulary. Validated like cairn.yaml: an error names the file,
 * line and field (load-simulation.ts). `examples/saas/simulation.yaml` documents each field.
 */
const share = z.number().min(0).max(1);
const weight = z.number().min(0);
const weights = z
  .record(z.string().min(1), weight)
  .refine((w) => Object.values(w).some((v) => v > 0), 'expected at least one weight above zero');
const betaShape = z.tuple([z.number().positive(), z.number().positive()]);
const range = z
  .tuple([z.number().min(0), z.number().min(0)])
  .refine(([a, b]) => a <= b, 'expected [min, max] with min ≤ max');
const properties = z.record(z.string().min(1), z.unknown());

/** One thing a person does: a track call (with properties, repeated `times`), or new traits. */
export const actionSchema = z.union([
  z.strictObject({
    event: z.string().min(1),
    properties: properties.optional(),
    times: z.number().int().min(1).max(50).optional(),
  }),
  z.strictObject({ traits: properties }),
]);

const personaSchema = z.strictObject({
  /** Share of people with this behavior persona. */
  share: weight,
  /** Sessions per week while active. */
  sessions_per_week: z.number().positive(),
  /** Multiplies the path's activation probability. */
  activation: z.number().min(0),
  /** Expected occurrences of each event per session. */
  actions: z.record(z.string().min(1), z.number().min(0)),
});

const journeyEffectSchema = z.strictObject({
  /**
   * Of the treated entrants who receive the journey's first message and have not reached its goal
   * yet, the share who then do `actions` because of it (held-out entrants never do).
   */
  effect: share,
  actions: z.array(actionSchema).default([]),
});

export const simulationSchema = z.strictObject({
  version: z.literal(1),
  /** How far the simulated clock moves per step; due timers fire at most one step late. */
  tick: durationSchema.default(15 * 60_000),
  accounts: z.strictObject({
    /** Employee buckets: the share of accounts in each. */
    employees: weights,
    /** People who sign up per account, [min, max], by bucket. */
    team: z.record(z.string().min(1), range),
    industry: weights,
    /** Share of invited teammates who accept. */
    invite_accept: share,
    /** Teammates join within this long of their invitation. */
    join_within: durationSchema,
  }),
  people: z.strictObject({
    time_zones: weights,
    /** Hidden traits, Beta(a, b): need (first users, teammates), intent and skill. */
    need: z.strictObject({ first_user: betaShape, teammate: betaShape }),
    intent: betaShape,
    skill: betaShape,
    /** Local working hours [from, to) and the chance a weekend session still happens. */
    working_hours: z.strictObject({
      from: z.number().int().min(0).max(23),
      to: z.number().int().min(1).max(24),
      weekend: share,
    }),
    /** Gap between two events in a session (median and log-normal spread). */
    event_gap: z.strictObject({ median: durationSchema, sigma: z.number().min(0) }),
    use_case: weights,
    /** Share of people who sign up and do not log in that day: their first session comes 1–4
     * days later (the case of "no login a day after signup"). */
    slow_start: share.default(0),
  }),
  qualifier: z.strictObject({
    /** Share of people who answer the three questions at signup. */
    answered: share,
    role: weights,
    /** Chance the challenge is the one that goes with the role (else any). */
    challenge_matches_role: share,
    urgency: weights,
  }),
  acquisition: z
    .array(
      z.strictObject({
        weight,
        source: z.string().min(1),
        medium: z.string().min(1),
        campaign: z.string().min(1),
        referrer: z.string().url().optional(),
        /** Added to the need of the people it brings (a well-targeted campaign brings need). */
        need: z.number().min(-1).max(1).default(0),
      }),
    )
    .min(1),
  behavior_personas: z.record(z.string().min(1), personaSchema),
  /** Event properties drawn per event name: each property's possible values. */
  properties: z.record(z.string().min(1), z.record(z.string().min(1), z.array(z.unknown()).min(1))),
  activation: z.strictObject({
    /** Planted: the chance a person completes the activation milestones in time, by path. */
    by_path: weights,
    /** The chance a person who will not activate still connects a source / creates a report. */
    partial: z.strictObject({ source: share, report: share }),
    /** Chance of the path's first value (API integration, real-data workflow, dashboard). */
    first_value: share,
  }),
  conversion: z.strictObject({
    trial: durationSchema,
    /** Chance the first user of an account upgrades before the trial ends. */
    activated: share,
    not_activated: share,
    plans: weights,
  }),
  churn: z.strictObject({
    /** Base daily hazard of leaving, from the third day on. */
    daily_hazard: share,
    /** hazard × exp(need_slope × (0.5 − need)): low need leaves sooner. */
    need_slope: z.number(),
    /** Planted 48-hour effect: hazard multiplier without a meaningful action in 48 hours. */
    no_meaningful_48h: z.number().positive(),
    /** Events that count as meaningful (as in the workspace's meaningful_first_48h). */
    meaningful: z.array(z.string().min(1)).min(1),
    /** Planted qualifier effect: hazard multiplier per urgency answer (unanswered: 1). */
    urgency: z.record(z.string().min(1), z.number().positive()),
    /** Hazard multiplier once paying. */
    paid: z.number().positive(),
  }),
  messages: z.strictObject({
    email: z.strictObject({ open: share, click: share, unsubscribe: share }),
    /** Open delay after delivery (median, log-normal spread). */
    open_delay: z.strictObject({ median: durationSchema, sigma: z.number().min(0) }),
    inapp: z.strictObject({ read: share }),
  }),
  /** Planted effects of journeys on their goals, by journey id. */
  journeys: z.record(z.string().min(1), journeyEffectSchema).default({}),
});

export type SimulationConfig = z.output<typeof simulationSchema>;
export type SimAction = z.output<typeof actionSchema>;
export type BehaviorPersona = z.output<typeof personaSchema>;
