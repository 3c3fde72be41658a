import type { JsonObject } from '../core/types.js';
import { compare, lookup } from '../engine/state/compare.js';
import { currentScore } from '../engine/state/current-score.js';
import { readUserState } from '../engine/state/user-state.js';
import type { InMemoryRuntime } from './in-memory-runtime.js';
import type { MessageRecord } from './message-record.js';
import type { Expectation, StateExpectation } from './scenario-types.js';

/** One checked expectation: which key, and what was wrong (empty when it passed). */
export interface CheckOutcome {
  key: string;
  passed: boolean;
  message: string;
}

/**
 * Checks one `expect` against the runtime: message lists against the messages recorded since
 * the previous expectation (`window`), the rest against the user's runs, state and traits now.
 */
export function checkExpectation(
  expect: Expectation,
  runtime: InMemoryRuntime,
  userId: string,
  window: MessageRecord[],
): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  const mine = window.filter((message) => message.userId === userId);
  const check = (key: string, problem: string | null) =>
    out.push({ key, passed: problem === null, message: problem ?? '' });
  const templates = (status: MessageRecord['status']) => mine.filter((m) => m.status === status);

  const lists: [keyof Expectation, MessageRecord['status']][] = [
    ['sent', 'sent'],
    ['notified', 'notified'],
    ['held_out', 'held_out'],
    ['capped', 'capped'],
    ['suppressed', 'suppressed'],
    ['deferred', 'deferred'],
  ];
  for (const [key, status] of lists) {
    const expected = expect[key] as string[] | undefined;
    if (!expected) continue;
    const actual = templates(status);
    const matches =
      expected.length === actual.length && expected.every((e, i) => names(e, actual[i]!));
    check(key, matches ? null : `expected ${show(expected)}, got ${show(actual.map(written))}`);
  }
  if (expect.not_sent) {
    const sent = templates('sent');
    const wrong = expect.not_sent.filter((e) => sent.some((m) => names(e, m)));
    check('not_sent', wrong.length ? `expected not sent, but sent: ${show(wrong)}` : null);
  }
  const user = runtime.users.get(userId);
  const runs = user ? [...user.runs.values()] : [];
  if (expect.converted) {
    const converted = [
      ...new Set(runs.filter((r) => r.status === 'converted').map((r) => r.journeyId)),
    ];
    const missing = expect.converted.filter((id) => !converted.includes(id));
    check(
      'converted',
      missing.length
        ? `expected converted in ${show(missing)}; converted: ${show(converted)}`
        : null,
    );
  }
  for (const [journey, status] of Object.entries(expect.journeys ?? {})) {
    const latest = runs
      .filter((run) => run.journeyId === journey)
      .sort((a, b) => b.enteredAt - a.enteredAt)[0];
    const actual = latest ? latest.status : 'none';
    const why = latest?.exitReason ? ` (${latest.exitReason})` : '';
    check(
      `journeys.${journey}`,
      actual === status ? null : `expected ${status}, got ${actual}${why}`,
    );
  }
  if (expect.state)
    for (const outcome of checkState(expect.state, runtime, userId)) out.push(outcome);
  for (const [trait, value] of Object.entries(expect.traits ?? {})) {
    const actual = user ? lookup(user.profile.traits, trait) : undefined;
    check(
      `traits.${trait}`,
      JSON.stringify(actual ?? null) === JSON.stringify(value)
        ? null
        : `expected ${JSON.stringify(value)}, got ${JSON.stringify(actual ?? null)}`,
    );
  }
  return out;
}

function checkState(
  expect: StateExpectation,
  runtime: InMemoryRuntime,
  userId: string,
): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  const check = (key: string, problem: string | null) =>
    out.push({ key: `state.${key}`, passed: problem === null, message: problem ?? '' });
  const profile = runtime.users.get(userId)?.profile;
  const state = readUserState(profile?.state ?? ({} as JsonObject));
  const segments = Object.keys(state.segments);
  if (expect.lifecycle !== undefined) {
    const actual = state.lifecycle?.stage ?? null;
    check(
      'lifecycle',
      actual === expect.lifecycle ? null : `expected ${expect.lifecycle}, got ${actual}`,
    );
  }
  if (expect.engagement !== undefined) {
    const actual = state.engagement?.stage ?? null;
    check(
      'engagement',
      actual === expect.engagement ? null : `expected ${expect.engagement}, got ${actual}`,
    );
  }
  if (expect.persona !== undefined) {
    const personas = Object.fromEntries(
      Object.entries(state.personas).map(([d, p]) => [d, p.persona]),
    );
    const problem =
      typeof expect.persona === 'string'
        ? Object.values(personas).includes(expect.persona)
          ? null
          : `expected persona ${expect.persona}, got ${JSON.stringify(personas)}`
        : Object.entries(expect.persona).some(([d, p]) => (personas[d] ?? null) !== p)
          ? `expected ${JSON.stringify(expect.persona)}, got ${JSON.stringify(personas)}`
          : null;
    check('persona', problem);
  }
  if (expect.segments) {
    const missing = expect.segments.filter((s) => !segments.includes(s));
    check('segments', missing.length ? `expected in ${show(missing)}; in ${show(segments)}` : null);
  }
  if (expect.not_segments) {
    const present = expect.not_segments.filter((s) => segments.includes(s));
    check('not_segments', present.length ? `expected not in ${show(present)}` : null);
  }
  if (expect.milestones) {
    const reached = Object.keys(state.milestones);
    const missing = expect.milestones.filter((m) => !reached.includes(m));
    check(
      'milestones',
      missing.length ? `expected reached ${show(missing)}; reached ${show(reached)}` : null,
    );
  }
  if (expect.activated !== undefined) {
    const actual = state.activation?.status === 'activated';
    check(
      'activated',
      actual === expect.activated
        ? null
        : `expected ${expect.activated}, got ${actual} (${state.activation?.status ?? 'no activation'})`,
    );
  }
  if (expect.score) {
    const score = currentScore(runtime.definitions, state, runtime.now);
    check(
      'score',
      compare(score ?? undefined, expect.score)
        ? null
        : `expected ${JSON.stringify(expect.score)}, got ${score === null ? 'no score' : Math.round(score * 100) / 100}`,
    );
  }
  return out;
}

/**
 * Whether an expected entry names a message: `welcome` any variant of it, `welcome.technical`
 * only the technical persona's (the file `welcome.technical.mjml.liquid`).
 */
function names(expected: string, message: MessageRecord): boolean {
  return expected === message.template || expected === written(message);
}

/** A message as a list names it: with its variant's persona when it has one. */
function written(message: MessageRecord): string {
  return message.persona === null ? message.template : `${message.template}.${message.persona}`;
}

function show(list: string[]): string {
  return list.length ? `[${list.join(', ')}]` : 'nothing';
}
