import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { readSettings } from '../../src/config/settings.js';
import { FakeClock } from '../../src/core/clock.js';
import { hashPassword } from '../../src/dashboard/password.js';
import { startCairn, type Cairn } from '../../src/runtime/cairn.js';
import { ADMIN, VIEWER } from './filled-server.js';

const DAY = 86_400_000;

export interface SimulatedServer {
  cairn: Cairn;
  /** The server's clock, at the simulation's end: a test moves it (an idle spell). */
  clock: FakeClock;
  cleanup(): Promise<void>;
}

/**
 * A server over a database filled by `cairn simulate` (the example workspace, a seeded
 * population, fixed dates), started as `cairn serve` starts (templates and all) with the clock at
 * the simulation's end, and two team members (an admin and a viewer). The simulation runs as a
 * user would run it, from the built CLI.
 */
export async function simulatedServer(users = 120, days = 35): Promise<SimulatedServer> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-dashboard-sim-'));
  const file = join(dir, 'cairn.db');
  const start = '2026-01-05';
  await promisify(execFile)(
    process.execPath,
    [
      join(process.cwd(), 'dist', 'src', 'cli', 'main.js'),
      'simulate',
      ...['--users', String(users), '--days', String(days), '--seed', '5', '--start', start],
      ...['--db', file, '--config', join(process.cwd(), 'examples', 'saas', 'cairn.yaml')],
    ],
    { env: { ...process.env, CAIRN_OUTBOX_DIR: join(dir, 'outbox') }, maxBuffer: 1 << 24 },
  );
  const config = join(process.cwd(), 'examples', 'saas', 'cairn.yaml');
  const env: NodeJS.ProcessEnv = {
    CAIRN_WRITE_KEY: 'wk_dashboard',
    CAIRN_ADMIN_KEY: 'ak_dashboard',
    CAIRN_OUTBOX_DIR: join(dir, 'outbox'),
  };
  const end = Date.parse(`${start}T00:00:00Z`) + days * DAY;
  const settings = readSettings({ config, db: file, port: '0' }, env);
  const clock = new FakeClock(end);
  const cairn = await startCairn(settings, pino({ level: 'silent' }), clock);
  const store = cairn.store;
  for (const [member, role] of [
    [ADMIN, 'admin'],
    [VIEWER, 'viewer'],
  ] as const) {
    await store.team.addMember({
      email: member.email,
      role,
      passwordHash: await hashPassword(member.password),
      createdAt: end,
    });
  }
  return {
    cairn,
    clock,
    async cleanup() {
      await cairn.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
