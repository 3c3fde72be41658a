/** Builders for journey runs, messages and consent with every field set, so round trips
 * compare whole objects. */
import type { JourneyRun } from '../../src/engine/journeys/types.js';
import type { ConsentRecord, MessageRecord, Store, StoreTx } from '../../src/store/store.js';

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
export const HOUR = 3_600_000;

export function makeRun(id: string, overrides: Partial<JourneyRun> = {}): JourneyRun {
  return {
    id,
    journeyId: 'onboarding',
    version: 'v1',
    userId: 'u-1',
    status: 'active',
    heldOut: false,
    trigger: {
      key: `trigger-${id}`,
      name: 'Signed Up',
      properties: { plan: 'pro', seats: 3, tags: ['a', null, true] },
      timestamp: T0,
      account: null,
      cause: null,
    },
    enteredAt: T0,
    waiting: { kind: 'time', stepId: 'wait-1', until: T0 + HOUR },
    wakeAt: T0 + HOUR,
    goalDeadline: T0 + 24 * HOUR,
    visits: { 'send-1': 1, 'wait-1': 1 },
    history: [
      { at: T0, stepId: null, outcome: 'entered' },
      { at: T0, stepId: 'send-1', outcome: 'sent', detail: 'welcome' },
      { at: T0, stepId: 'wait-1', outcome: 'waiting' },
    ],
    endedAt: null,
    exitReason: null,
    convertedAt: null,
    ...overrides,
  };
}

/** A run that has ended: no timer, nothing to wait for. */
export function endedRun(
  id: string,
  status: 'completed' | 'converted' | 'exited',
  overrides: Partial<JourneyRun> = {},
): JourneyRun {
  return makeRun(id, {
    status,
    waiting: null,
    wakeAt: null,
    endedAt: T0 + HOUR,
    exitReason: status === 'exited' ? 'exit_condition' : null,
    convertedAt: status === 'converted' ? T0 + HOUR : null,
    ...overrides,
  });
}

export function makeMessage(id: string, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id,
    profileId: 'u-1',
    journeyId: 'onboarding',
    runId: 'run-1',
    stepId: 'send-1',
    channel: 'email',
    template: 'welcome',
    topic: 'product',
    transactional: false,
    priority: 'normal',
    state: 'queued',
    reason: null,
    attempts: 0,
    providerId: null,
    dueAt: T0,
    leaseUntil: null,
    createdAt: T0,
    updatedAt: T0,
    sentAt: null,
    payload: { trigger: { event: 'Signed Up', properties: { plan: 'pro' } }, to: null },
    ...overrides,
  };
}

export function makeConsent(
  profileId: string,
  overrides: Partial<ConsentRecord> = {},
): ConsentRecord {
  return {
    profileId,
    unsubscribedAll: false,
    unsubscribedTopics: [],
    subscribedTopics: [],
    suppressedChannels: [],
    updatedAt: T0,
    ...overrides,
  };
}

/**
 * Two runners claim at once; each holds its claim until the other has claimed too (with
 * SKIP LOCKED), or until it commits (one writer at a time). Returns what each claimed.
 */
export async function claimTwiceConcurrently<T>(
  store: Store,
  claim: (tx: StoreTx) => Promise<T[]>,
  release: (tx: StoreTx, claimed: T[]) => Promise<void>,
): Promise<[T[], T[]]> {
  const skipLocked = store.capabilities.supportsSkipLocked;
  let firstClaimed!: () => void;
  const claimedByFirst = new Promise<void>((resolve) => (firstClaimed = resolve));
  let secondClaimed!: () => void;
  const claimedBySecond = new Promise<void>((resolve) => (secondClaimed = resolve));
  const runner = (onClaimed: () => Promise<void>) =>
    store.transaction(async (tx) => {
      const claimed = await claim(tx);
      await onClaimed();
      await release(tx, claimed);
      return claimed;
    });
  const first = runner(async () => {
    firstClaimed();
    // With SKIP LOCKED the second runner claims while this one still holds its rows; without
    // it (one writer at a time) it can only start once this one commits.
    if (skipLocked) await claimedBySecond;
  });
  await claimedByFirst;
  const second = runner(async () => secondClaimed());
  return Promise.all([first, second]);
}
