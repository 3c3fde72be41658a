import type { Command } from 'commander';
import { readSettings, type SettingFlags } from '../../config/settings.js';
import { startCairn } from '../../runtime/cairn.js';
import { createLogger } from '../logger.js';
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
    .addHelpText(
      'after',
      '\nEnvironment: PORT, HOST, CAIRN_DB, DATABASE_URL, CAIRN_WRITE_KEY, CAIRN_ADMIN_KEY, LOG_LEVEL',
    )
    .action(async (flags: SettingFlags) => {
      const settings = readSettings(flags);
      const logger = createLogger(settings.logLevel);
      const cairn = await startCairn(settings, logger);
      if (cairn.keys.generated.length) printKeys(cairn.keys.writeKey, cairn.keys.adminKey);
      const address = await cairn.app.listen({ port: settings.port, host: settings.host });
      logger.info({ address }, `Cairn is listening on ${address}`);
      printSetupLink(cairn.app, address);
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

/** Shown once, on the first start, when Cairn generated the keys itself. */
function printKeys(writeKey: string, adminKey: string): void {
  process.stderr.write(
    [
      '',
      'Cairn generated keys for this workspace and stored them in the database:',
      `  write key (Segment SDKs, Basic-auth user name): ${writeKey}`,
      `  admin key (admin API, Authorization: Bearer):   ${adminKey}`,
      'Show them again with `cairn keys`; override with CAIRN_WRITE_KEY / CAIRN_ADMIN_KEY.',
      '',
    ].join('\n') + '\n',
  );
}
