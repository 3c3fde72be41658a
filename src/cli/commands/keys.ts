import type { Command } from 'commander';
import { readSettings } from '../../config/settings.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';
import { workspaceKeys } from '../../runtime/workspace-keys.js';

export function keysCommand(program: Command): void {
  program
    .command('keys')
    .description(
      'Print the write key, the admin key and the workspace secret (generating them if none exist yet)',
    )
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .option('--env', 'print `export NAME=value` lines, for eval "$(npx cairn keys --env)"')
    .action(async (flags: { db?: string; env?: boolean }) => {
      const settings = readSettings(flags);
      const store = await storeFromSettings(settings);
      try {
        await store.migrate();
        const keys = await workspaceKeys(store, settings);
        // The product's backend needs the workspace secret to compute in-app user hashes.
        const lines = [
          ['CAIRN_WRITE_KEY', keys.writeKey],
          ['CAIRN_ADMIN_KEY', keys.adminKey],
          ['CAIRN_WORKSPACE_SECRET', keys.secret],
        ].map(([name, value]) => `${flags.env ? 'export ' : ''}${name}=${value}\n`);
        process.stdout.write(lines.join(''));
      } finally {
        await store.close();
      }
    });
}
