import type { JsonObject } from '../../src/core/types.js';

const H = 3_600_000;
const D = 24 * H;

/** Every kind of trigger history could set off: a milestone, activation, a segment, an event. */
export const HISTORY_YAML = `
milestones:
  report_created: { event: Report Created }
  report_shared: { event: Report Shared, where: { recipient_type: teammate } }
activation:
  milestones: [report_created, report_shared]
  within: 7d
  signup: { event: Signed Up }
segments:
  active_recently:
    when: { performed: Logged In, within: 10d }
journeys:
  celebrate:
    trigger: { milestone: true }
    steps: [{ id: hi, send: celebrate }]
  activated:
    trigger: { activated: true }
    steps: [{ id: yay, send: activated }]
  winback:
    trigger: { segment_exited: active_recently }
    steps: [{ id: back, send: winback }]
  active:
    trigger: { segment_entered: active_recently }
    steps: [{ id: on, send: active }]
  welcome:
    trigger: { event: Signed Up }
    steps: [{ id: welcome, send: welcome }]
`;
export const TEMPLATES = ['celebrate', 'activated', 'winback', 'active', 'welcome'];

/**
 * Weeks of history before `now`: dana activates on day 2 of 7 (her share is a milestone with a
 * property filter, which no counter can tell); lee reaches one milestone and misses activation;
 * fay signed up two days ago and is still within her window.
 */
export function history(now: number): JsonObject[] {
  const at = (daysAgo: number, hours = 0) => new Date(now - daysAgo * D + hours * H).toISOString();
  const calls: [string, string, number, JsonObject?][] = [
    ['dana', 'Signed Up', 30],
    ['dana', 'Logged In', 30],
    ['dana', 'Report Created', 29],
    ['dana', 'Report Shared', 28, { recipient_type: 'teammate' }],
    ['dana', 'Logged In', 25],
    ['lee', 'Signed Up', 20],
    ['lee', 'Report Created', 19],
    ['lee', 'Report Shared', 19, { recipient_type: 'client' }],
    ['lee', 'Logged In', 19],
    ['fay', 'Signed Up', 2],
    ['fay', 'Report Created', 2],
    ['fay', 'Logged In', 1],
  ];
  return calls.map(([userId, event, daysAgo, properties], i) => ({
    type: 'track',
    userId,
    event,
    properties: properties ?? {},
    timestamp: at(daysAgo, i % 3),
    messageId: `hist-${i}`,
  }));
}

/** The parts of a state that history decides (timers and bookkeeping left out). */
export function decided(state: JsonObject) {
  const { signupAt, milestones, progress, activation, segments, lifecycle, personas } =
    state as Record<string, unknown>;
  return { signupAt, milestones, progress, activation, segments, lifecycle, personas };
}
