import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { FakeClock } from '../../src/core/clock.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { ScheduleSweeper } from '../../src/runtime/journeys/schedule-sweeper.js';
import type { Store } from '../../src/store/store.js';
import { sdkCalls } from '../support/sdk-calls.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const H = 3_600_000;
const D = 24 * H;
const SUNDAY_NOON = Date.UTC(2026, 0, 4, 12);
const MONDAY = Date.UTC(2026, 0, 5);

const yaml = (cron: string, extra = '') => `
journeys:
  monday_tip:
    trigger: { schedule: '${cron}' }
    entry: every_time
    steps:
      - { id: tip, send: monday_tip }
${extra}`;
const definitions = parseDefinitions(yaml('0 9 * * mon'), 'schedules-test.yaml');

/** Schedule triggers through the real runtime: timers per time zone, in the store. */
forEachStore('journey schedules', (getStore: () => Store, { dialect, openAnother }) => {
  let t: TestApp;
  let schedules: ScheduleSweeper;
  const tips = async () => {
    const messages = (await getStore().listMessages({}, { limit: 200 })).items;
    const count = new Map<string, number>();
    for (const m of messages) count.set(m.profileId, (count.get(m.profileId) ?? 0) + 1);
    return Object.fromEntries([...count].sort());
  };
  const timers = async () =>
    Object.fromEntries(
      (await getStore().scheduleTimers()).map((timer) => [
        `${timer.journeyId} ${timer.timeZone}`,
        new Date(timer.fireAt).toISOString(),
      ]),
    );
  const at = async (time: number) => {
    t.clock.set(time);
    await schedules.sweepDue();
  };

  before(async () => {
    t = await testApp(getStore(), { definitions, clock: new FakeClock(SUNDAY_NOON) });
    schedules = new ScheduleSweeper(getStore(), t.workspace, t.clock, { pageSize: 2 });
    const sdk = sdkCalls(t);
    for (const id of ['u1', 'u2', 'u3']) await sdk.track(id, 'Signed Up');
    await sdk.identify('bad', { timezone: 'Mars/Olympus_Mons' });
    await sdk.identify('tokyo', { timezone: 'Asia/Tokyo' });
    await sdk.identify('ny', { timezone: 'America/New_York' });
  });
  after(async () => {
    await t.app.close();
  });

  it('keeps one timer per time zone in use, at the next local moment', async () => {
    await schedules.sweepDue();
    assert.deepEqual(await timers(), {
      'monday_tip ': '2026-01-05T09:00:00.000Z',
      'monday_tip America/New_York': '2026-01-05T14:00:00.000Z',
      'monday_tip Asia/Tokyo': '2026-01-05T00:00:00.000Z',
    });
    assert.deepEqual(await tips(), {});
  });

  it('hands each zone its moment, page by page, once per user', async () => {
    await at(MONDAY);
    assert.deepEqual(await tips(), { tokyo: 1 });
    await at(MONDAY + 9 * H);
    // Users with no zone, or one that does not exist, are in the default zone (UTC).
    assert.deepEqual(await tips(), { bad: 1, tokyo: 1, u1: 1, u2: 1, u3: 1 });
    await at(MONDAY + 14 * H);
    await schedules.sweepDue();
    assert.deepEqual(await tips(), { bad: 1, ny: 1, tokyo: 1, u1: 1, u2: 1, u3: 1 });
    const runs = await getStore().listRuns({ profileId: 'u2' }, { limit: 5 });
    assert.deepEqual(
      runs.items.map((r) => [r.trigger.name, r.trigger.timestamp]),
      [['Journey Scheduled', MONDAY + 9 * H]],
    );
    assert.deepEqual(await timers(), {
      'monday_tip ': '2026-01-12T09:00:00.000Z',
      'monday_tip America/New_York': '2026-01-12T14:00:00.000Z',
      'monday_tip Asia/Tokyo': '2026-01-12T00:00:00.000Z',
    });
  });

  it('follows a user into another zone, and gives a zone new to the database its timer', async () => {
    const sdk = sdkCalls(t);
    await sdk.identify('u1', { timezone: 'Asia/Tokyo' });
    await sdk.identify('lima', { timezone: 'America/Lima' });
    assert.equal((await timers())['monday_tip America/Lima'], '2026-01-12T14:00:00.000Z');
    await at(MONDAY + 7 * D);
    assert.deepEqual(await tips(), { bad: 1, ny: 1, tokyo: 2, u1: 2, u2: 1, u3: 1 });
    await at(MONDAY + 7 * D + 9 * H);
    assert.deepEqual(await tips(), { bad: 2, ny: 1, tokyo: 2, u1: 2, u2: 2, u3: 2 });
  });

  it('goes on after the last user a page reached when a moment was interrupted', async () => {
    const timer = (await getStore().scheduleTimers()).find((x) => x.timeZone === '')!;
    // As if a process stopped after handing the moment to the users up to u2.
    await getStore().transaction((tx) =>
      tx.putScheduleTimers([{ ...timer, fireAt: MONDAY + 14 * D + 9 * H, afterProfile: 'u2' }]),
    );
    await at(MONDAY + 14 * D + 9 * H);
    // Tokyo's moment, nine hours late, is still handed out; New York's, a week late, is not.
    assert.deepEqual(await tips(), { bad: 2, ny: 1, tokyo: 3, u1: 3, u2: 2, u3: 3 });
  });

  const manyProcesses = dialect === 'postgres' || 'several processes share PostgreSQL only';
  it(
    'shares due timers between processes without handing a moment out twice',
    {
      skip: manyProcesses === true ? false : manyProcesses,
    },
    async () => {
      const other = new ScheduleSweeper(await openAnother(), t.workspace, t.clock, { pageSize: 1 });
      t.clock.set(MONDAY + 14 * D + 14 * H);
      await Promise.all([schedules.sweepDue(), other.sweepDue()]);
      const tipsNow = await tips();
      assert.equal(tipsNow.ny, 2);
      assert.equal(tipsNow.lima, 1);
    },
  );

  it('moves the timers when the schedule changes, and drops them with the journey', async () => {
    t.clock.set(MONDAY + 14 * D + 15 * H);
    t.workspace.replace(parseDefinitions(yaml('0 10 * * mon'), 'schedules-test.yaml'));
    await schedules.sweepDue();
    const moved = await timers();
    assert.equal(moved['monday_tip '], '2026-01-26T10:00:00.000Z');
    assert.equal(moved['monday_tip Asia/Tokyo'], '2026-01-26T01:00:00.000Z');
    t.workspace.replace(parseDefinitions('journeys: {}', 'schedules-test.yaml'));
    await schedules.sweepDue();
    assert.deepEqual(await timers(), {});
  });
});
