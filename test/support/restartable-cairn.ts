import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { readSettings, type Settings } from '../../src/config/settings.js';
import { FakeClock } from '../../src/core/clock.js';
import { startCairn, type Cairn } from '../../src/runtime/cairn.js';
import { scratchDatabase, type Dialect } from './test-stores.js';

export const WRITE_KEY = 'wk';
/** What the product's backend holds: it may send contact points such as `email`. */
export const SERVER_WRITE_KEY = 'sk';
export const ADMIN_KEY = 'ak';

/**
 * `cairn serve` as a test can stop and start it: a workspace folder (cairn.yaml and templates)
 * and one database (a SQLite file, or a scratch PostgreSQL database) that outlive each process,
 * with a fake clock shared across restarts. The background loops are stopped once a process has
 * started, so the test moves the clock and runs each loop's `sweepDue` itself.
 */
export class RestartableCairn {
  readonly clock = new FakeClock();
  readonly dir = mkdtempSync(join(tmpdir(), 'cairn-restart-'));
  private settings: Settings | null = null;
  private dropDatabase: (() => Promise<void>) | null = null;
  cairn: Cairn | null = null;

  constructor(private readonly dialect: Dialect) {
    mkdirSync(join(this.dir, 'templates'));
  }

  /** Writes cairn.yaml and a template for each name, then starts a process on them. */
  async start(yaml: string, templates: string[]): Promise<Cairn> {
    if (this.cairn) throw new Error('stop the running process first');
    writeFileSync(join(this.dir, 'cairn.yaml'), yaml);
    for (const name of templates) {
      writeFileSync(
        join(this.dir, 'templates', `${name}.mjml.liquid`),
        `---\nsubject: ${name}\n---\n<p>${name}</p>\n`,
      );
    }
    const cairn = await startCairn(
      await this.settingsOnce(),
      pino({ level: process.env.CAIRN_TEST_LOG ?? 'silent' }),
      this.clock,
    );
    this.cairn = cairn;
    await Promise.all([
      cairn.sweeper.stop(),
      cairn.runs.stop(),
      cairn.schedules.stop(),
      cairn.delivery.worker.stop(),
    ]);
    return cairn;
  }

  async stop(): Promise<void> {
    await this.cairn?.close();
    this.cairn = null;
  }

  /** Stops the process if one runs, and removes the folder and the database. */
  async cleanup(): Promise<void> {
    await this.stop();
    await this.dropDatabase?.();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A Segment call to the running process from the product's backend, timestamped by the clock. */
  async send(type: string, payload: Record<string, unknown>): Promise<void> {
    const res = await this.cairn!.app.inject({
      method: 'POST',
      url: `/v1/${type}`,
      headers: { authorization: `Bearer ${SERVER_WRITE_KEY}` },
      payload: { ...payload, timestamp: new Date(this.clock.now()).toISOString() },
    });
    if (res.statusCode !== 200) throw new Error(`/v1/${type} answered ${res.statusCode}`);
  }

  /** The settings every process here starts with (its database), e.g. for a `cairn import`. */
  databaseSettings(): Promise<Settings> {
    return this.settingsOnce();
  }

  private async settingsOnce(): Promise<Settings> {
    if (this.settings) return this.settings;
    const env: NodeJS.ProcessEnv = {
      CAIRN_WRITE_KEY: WRITE_KEY,
      CAIRN_SERVER_WRITE_KEY: SERVER_WRITE_KEY,
      CAIRN_ADMIN_KEY: ADMIN_KEY,
      CAIRN_OUTBOX_DIR: join(this.dir, 'outbox'),
    };
    if (this.dialect === 'postgres') {
      const db = await scratchDatabase();
      this.dropDatabase = db.drop;
      env.DATABASE_URL = db.url;
    }
    const flags = {
      config: join(this.dir, 'cairn.yaml'),
      db: join(this.dir, 'cairn.db'),
      port: '0',
    };
    this.settings = readSettings(flags, env);
    return this.settings;
  }
}
