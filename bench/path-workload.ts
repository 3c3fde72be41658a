/**
 * The workloads of `npm run bench:path`, deterministic. New users: each user sends an identify
 * (email, name, plan), then `Signed Up`, then tracks — users arrive in blocks of 500, so a user's
 * calls are spread over a few batches as a real signup's are. Returning users: tracks from users
 * who already exist.
 */
const NAMES = [
  'Logged In',
  'Project Created',
  'Task Created',
  'Task Completed',
  'Report Created',
  'Report Shared',
  'Data Source Connected',
  'Teammate Invited',
  'Integration Configured',
  'Comment Added',
  'File Uploaded',
  'Dashboard Viewed',
];
const BLOCK = 500;

function generator(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function track(user: number, id: string, random: () => number, event?: string) {
  return {
    type: 'track',
    userId: `user-${user}`,
    messageId: id,
    event: event ?? NAMES[Math.floor(random() * NAMES.length)],
    properties: {
      projectId: `p-${Math.floor(random() * 1000)}`,
      size: Math.floor(random() * 100),
      source: 'web',
    },
    context: {
      groupId: `acct-${user % 5000}`,
      library: { name: 'analytics-node', version: '3.1.0' },
    },
  };
}

/** `users` new users, `perUser` calls each (an identify, Signed Up, then perUser - 2 tracks). */
export function* newUserCalls(users: number, perUser: number): Generator<Record<string, unknown>> {
  const random = generator(11);
  let n = 0;
  for (let first = 0; first < users; first += BLOCK) {
    const last = Math.min(users, first + BLOCK);
    for (let user = first; user < last; user++) {
      yield {
        type: 'identify',
        userId: `user-${user}`,
        messageId: `new-${n++}`,
        traits: { email: `user-${user}@example.com`, name: `User ${user}`, plan: 'trial' },
      };
    }
    for (let user = first; user < last; user++)
      yield track(user, `new-${n++}`, random, 'Signed Up');
    for (let i = 0; i < (last - first) * (perUser - 2); i++) {
      const user = first + Math.floor(random() * (last - first));
      yield track(user, `new-${n++}`, random);
    }
  }
}

/** `count` tracks from the `users` users `newUserCalls` created. */
export function* returningUserCalls(
  users: number,
  count: number,
): Generator<Record<string, unknown>> {
  const random = generator(23);
  for (let i = 0; i < count; i++) {
    yield track(Math.floor(random() * users), `back-${i}`, random);
  }
}
