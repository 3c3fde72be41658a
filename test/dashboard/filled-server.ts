import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeClock } from '../../src/core/clock.js';
import type { IncomingEvent } from '../../src/core/types.js';
import { hashPassword } from '../../src/dashboard/password.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import type { Store } from '../../src/store/store.js';
import { DAY, NOW, generatePopulation } from '../analytics/population.js';
import { testApp, type TestApp } from '../support/test-app.js';

export const ADMIN = { email: 'ada@example.com', password: 'correct horse battery' };
export const VIEWER = { email: 'vic@example.com', password: 'viewer staple battery' };

/** The example workspace (examples/saas/cairn.yaml), as `npm start` loads it. */
export function exampleDefinitions() {
  const file = join(process.cwd(), 'examples', 'saas', 'cairn.yaml');
  return parseDefinitions(readFileSync(file, 'utf8'), file);
}

function wire(event: IncomingEvent): Record<string, unknown> {
  return {
    type: event.type,
    messageId: event.messageId,
    ...(event.event !== null && { [event.type === 'track' ? 'event' : 'name']: event.event }),
    ...(event.userId !== null && { userId: event.userId }),
    ...(event.anonymousId !== null && { anonymousId: event.anonymousId }),
    ...(event.groupId !== null && { groupId: event.groupId }),
    ...(event.previousId !== null && { previousId: event.previousId }),
    timestamp: new Date(event.timestamp).toISOString(),
    // The example counts a report shared with a teammate (its `where`).
    properties:
      event.event === 'Report Shared'
        ? { recipient_type: 'teammate', ...event.properties }
        : event.properties,
    traits: event.traits,
    context: event.context,
  };
}

/**
 * A server over `store` filled the way a product fills it: a seeded population's events sent
 * through the ingest API (/v1/batch) day by day with the clock at each day's end, the delivery
 * log of the messages it was sent, and two team members (an admin and a viewer).
 */
export async function filledServer(store: Store, users = 240): Promise<TestApp> {
  const definitions = exampleDefinitions();
  const clock = new FakeClock(NOW - 200 * DAY);
  const t = await testApp(store, { definitions, clock });
  const population = generatePopulation(11, users);
  const events = population.events.filter((e) => e.source !== 'internal');
  let i = 0;
  while (i < events.length) {
    const dayEnd = Math.min(NOW, (Math.floor(events[i]!.timestamp / DAY) + 1) * DAY);
    const batch: Record<string, unknown>[] = [];
    while (i < events.length && events[i]!.timestamp < dayEnd && batch.length < 400) {
      batch.push(wire(events[i++]!));
    }
    if (batch.length === 0) batch.push(wire(events[i++]!));
    clock.set(dayEnd);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: t.server, // a backend sends email traits: the server write key
      payload: { batch },
    });
    if (res.statusCode !== 200) throw new Error(`ingest: ${res.statusCode} ${res.body}`);
    await t.writer.flush();
  }
  clock.set(NOW);
  if (population.messages.length) {
    await store.transaction((tx) => tx.insertMessages(population.messages));
  }
  for (const [member, role] of [
    [ADMIN, 'admin'],
    [VIEWER, 'viewer'],
  ] as const) {
    await store.team.addMember({
      email: member.email,
      role,
      passwordHash: await hashPassword(member.password),
      createdAt: NOW,
    });
  }
  return t;
}
