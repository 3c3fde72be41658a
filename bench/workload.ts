import type { IncomingEvent } from '../src/core/types.js';

/** A deterministic stream of realistic calls: many users, a few dozen event names, properties. */
export interface Workload {
  users: number;
  seed?: number;
  /** Tracks carry an account (`context.groupId`, one of 500); default true. */
  accounts?: boolean;
}

const NAMES = [
  'Signed Up',
  'Logged In',
  'Project Created',
  'Task Created',
  'Task Completed',
  'Report Created',
  'Report Shared',
  'Data Source Connected',
  'Teammate Invited',
  'Integration Configured',
  'Automation Enabled',
  'Comment Added',
  'File Uploaded',
  'Dashboard Viewed',
  'Search Performed',
];

export function* segmentCalls(
  workload: Workload,
  count: number,
  start = 0,
): Generator<Record<string, unknown>> {
  let state = (workload.seed ?? 7) + start * 7919;
  const random = () => {
    // 32-bit integer arithmetic: in doubles the product outgrows 2^53, loses its low bits and
    // the sequence falls into a short cycle (a few thousand users out of 20,000).
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const base = Date.UTC(2026, 0, 5);
  for (let i = start; i < start + count; i++) {
    const user = Math.floor(random() * workload.users);
    const time = new Date(base + i * 10).toISOString();
    const common = {
      userId: `user-${user}`,
      messageId: `bench-${workload.seed ?? 7}-${i}`,
      timestamp: time,
    };
    const kind = random();
    if (kind < 0.05) {
      yield {
        type: 'identify',
        ...common,
        traits: { email: `user-${user}@example.com`, name: `User ${user}`, plan: 'trial' },
      };
    } else if (kind < 0.15) {
      yield {
        type: 'page',
        ...common,
        name: random() < 0.3 ? 'Pricing' : 'Dashboard',
        properties: { path: '/app' },
      };
    } else {
      yield {
        type: 'track',
        ...common,
        event: NAMES[Math.floor(random() * NAMES.length)],
        properties: {
          projectId: `p-${Math.floor(random() * 1000)}`,
          size: Math.floor(random() * 100),
          source: 'web',
        },
        context: {
          groupId: workload.accounts === false ? undefined : `acct-${user % 500}`,
          library: { name: 'analytics-node', version: '3.1.0' },
        },
      };
    }
  }
}

export type { IncomingEvent };
