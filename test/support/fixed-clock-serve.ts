/**
 * `cairn serve` on a clock that stands still at CAIRN_TEST_NOW (epoch ms), for crash tests: every
 * evaluation of a process killed mid-load, and of the one after it, happens at that one moment,
 * so the state it leaves can be compared field by field with the same events applied in one go
 * at that moment. Settings come from the environment as for `cairn serve` (CAIRN_CONFIG,
 * CAIRN_DB or DATABASE_URL, keys, CAIRN_OUTBOX_DIR).
 */
import { pino } from 'pino';
import { readSettings } from '../../src/config/settings.js';
import { FakeClock } from '../../src/core/clock.js';
import { startCairn } from '../../src/runtime/cairn.js';

// Started as a process by the crash tests (cairn-process.ts), which set CAIRN_TEST_NOW; the test
// runner, which runs every file of the test folder, finds nothing to do here.
if (process.env.CAIRN_TEST_NOW !== undefined) await serve();

async function serve(): Promise<void> {
  const settings = readSettings(
    { config: process.env.CAIRN_CONFIG, db: process.env.CAIRN_DB, port: '0', host: '127.0.0.1' },
    process.env,
  );
  const clock = new FakeClock(Number(process.env.CAIRN_TEST_NOW));
  const cairn = await startCairn(settings, pino({ level: 'silent' }), clock);
  const address = await cairn.app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`Cairn is listening on ${address}`);
  process.once('SIGTERM', () => {
    cairn.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
