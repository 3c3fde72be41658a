import type { Command } from 'commander';
import { describeDatabase, readSettings } from '../../config/settings.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (serve does this on start)')
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .action(async (flags: { db?: string }) => {
      const settings = readSettings(flags);
      const store = await storeFromSettings(settings);
      try {
        const ran = await store.migrate();
        const all = await store.appliedMigrations();
        process.stdout.write(
          `${describeDatabase(settings)}: ${ran} migration(s) applied, ${all.length} in total (latest ${all.at(-1) ?? 'none'})\n`,
        );
      } finally {
        await store.close();
      }
    });
}
