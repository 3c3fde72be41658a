import type { Command } from 'commander';
import { createServer } from 'node:net';
import { readSettings, type SettingFlags } from '../../config/settings.js';
import { startCairn } from '../../runtime/cairn.js';
import { KEY_INFO, type KeyName, type WorkspaceKeys } from '../../keys/workspace-keys.js';
import { createLogger } from '../logger.js';
import { simulateDemo } from './serve-demo.js';
import { printSetupLink } from '../../dashboard/print-setup-link.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the ingest API, the admin API and the runtime in one process')
    .option('-p, --port <port>', 'port to listen on (env PORT)', undefined)
    .option('--host <host>', 'address to listen on (env HOST)', undefined)
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)', undefined)
    .option(
      '-c, --config <file>',
      'workspace definitions, cairn.yaml (env CAIRN_CONFIG)',
      undefined,
    )
    .option(
      '--demo',
      'on an empty database, first simulate a demo history (CAIRN_DEMO_USERS, default 2000, over CAIRN_DEMO_DAYS, default 60)',
    )
    .addHelpText(
      'after',
      '\nEnvironment: PORT, HOST, CAIRN_DB, DATABASE_URL, CAIRN_WRITE_KEY, CAIRN_SERVER_WRITE_KEY, ' +
        'CAIRN_ADMIN_KEY, CAIRN_WORKSPACE_SECRET, LOG_LEVEL (all: docs/configuration.md)',
    )
    .action(async (flags: SettingFlags & { demo?: boolean }) => {
      const settings = readSettings(flags);
      // Before anything is opened or generated: a port in use is the commonest first-run mistake.
      await checkPortFree(settings.host, settings.port);
      const logger = createLogger(settings.logLevel);
      if (flags.demo) await simulateDemo(settings, logger);
      const cairn = await startCairn(settings, logger, undefined, { warmAnswers: true });
      const address = await cairn.app.listen({ port: settings.port, host: settings.host });
      logger.info({ address }, `Cairn is listening on ${address}`);
      printSetupLink(cairn.app, address);
      // After the start-up lines, so the keys are the last thing on the screen.
      printKeys(cairn.keys);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping: committing queued events');
        await cairn.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}

/** Fails with what to do when another process holds the port (port 0: any free one). */
async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `${host}:${port} is already in use (another Cairn?); stop it, or choose another port with --port or PORT`,
            )
          : error,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * Shown when this start made keys (the first start, or a key added by an upgrade): their values
 * exist nowhere else, since the database keeps only hashes. Keys from the environment are named
 * as such, never shown. The key lines are `NAME=value`, ready for a `.env` file.
 */
function printKeys(keys: WorkspaceKeys): void {
  if (!keys.generated.length) return;
  const lines = [
    '',
    'Cairn made these keys for this workspace. They are shown only now: the database keeps',
    'only their hashes (the workspace secret excepted). Keep them; `cairn keys rotate` makes new ones.',
    '',
    ...keys.generated.map(({ name, value }) => `${KEY_INFO[name].env}=${value}`),
    '',
    ...keys.generated.map(({ name }) => `  ${KEY_INFO[name].env}: ${USES[name]}`),
  ];
  if (keys.fromEnv.length) {
    lines.push(
      `  From the environment, not stored: ${keys.fromEnv.map((n) => KEY_INFO[n].env).join(', ')}`,
    );
  }
  process.stderr.write([...lines, ''].join('\n') + '\n');
}

const USES: Record<KeyName, string> = {
  write: 'public write key: browsers and apps (Segment SDKs, Basic-auth user name)',
  serverWrite: 'server write key: your backend (alias, email and phone too)',
  admin: 'admin key: the admin API (Authorization: Bearer)',
  secret: 'workspace secret: your backend computes in-app user hashes with it',
};
